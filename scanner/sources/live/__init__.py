"""Live AWS accounts as a source: read-only boto3 collectors that fill the same state as the Terraform adapters.

Nothing here imports boto3 at module import time; it is loaded only when a live
scan actually runs (``collect_live``), so ``privacy-scan iac`` never pays for it.
"""
