"""Assessment (mittarikokeilut): clients, measurements and research forms."""
