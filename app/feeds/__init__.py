"""Feeds and sitemaps: RSS 2.0, Atom 1.0, the sitemap index and pages, Google News."""
