"""Small helpers several stages share: atomic file writes (`atomic`) and JSONL reading (`jsonl`)."""
