"""AWS's meaning of facts, one module per service, decided once for code, plan and cloud.

Every function here is pure: it takes values as AWS or Terraform spell them (already
translated to plain Python by the source) and answers what AWS makes of them. The
Terraform adapters and the live collectors only translate their field names into calls
of these functions, so the same fact can never be decided two ways.
"""
