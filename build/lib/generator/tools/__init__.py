"""The editors' tools: new entries, Word and notice imports, the CMS's configuration and backend."""
