"""The LLM prompts of GovTasks as package data: one Jinja2 template per task and version,
`<task>.v<N>.j2`, shipped in the wheel beside `pipeline` and read with importlib.resources by
`pipeline.llm.prompts` (see README.md here). No code lives in this package."""
