"""Facts about the cloud that checks rely on: regions and their law, TLS policy names, AWS defaults."""
