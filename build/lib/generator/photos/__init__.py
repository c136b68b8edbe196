"""Photos: each source checked, developed into its derivatives once, and cached."""
