"""The search index: Pagefind over each edition's pages, the shards joined, zh-Hant's converted from zh's."""
