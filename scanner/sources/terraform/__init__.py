"""Terraform source: HCL files and plan JSON into the state."""
