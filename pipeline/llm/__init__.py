"""The LLM layer, used only where judgment helps: one OpenAI-compatible client with a cache and
schema-checked JSON output (client.py), offline token counting (tokens.py) and the prompt
templates (prompts.py)."""
