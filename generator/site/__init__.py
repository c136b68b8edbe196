"""The site's pages: one module per page family, its templates, the interface strings, the feeds and charts.

`render.render_site` gives every page of an edition.
"""
