"""Sources fill the state: Terraform HCL, Terraform plan JSON, live AWS."""
