"""What the mkdocs builds need: each edition's staging tree and configuration, the hooks, the rawbody extension."""
