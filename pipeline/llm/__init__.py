"""The LLM layer, used only where judgment helps: one OpenAI-compatible client with a cache and
schema-checked JSON output (client.py), offline token counting (tokens.py), the prompt
templates (prompts.py) and the checks on what it writes (checks.py)."""
