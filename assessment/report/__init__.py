"""The report: plain data for templates (`model`), server-side SVG charts (`charts`), the PDF (`pdf`)."""
