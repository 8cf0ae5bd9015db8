"""The side-effect log's pure core: the grading scale, the day-by-day timeline, its SVG
chart, the summaries and the CSV rows. No ORM queries: views pass the rows in."""
