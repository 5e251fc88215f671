"""Reports: a region's report beside the project totals, and the annual
social report per municipality, in Finnish and English."""
