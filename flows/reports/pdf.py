"""The PDF of a report: WeasyPrint lays out the report's own HTML with its
print rules (A4, the project and period on every page, page numbers,
rows kept whole); the inline SVG charts stay vectors."""
import logging

from weasyprint import HTML

# WeasyPrint reports every CSS property it ignores (e.g. the screen-only
# ones) at WARNING; they say nothing about the printed page.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def pdf_bytes(html):
    return HTML(string=html).write_pdf()


def with_pdf(rendered):
    """The rendered report with its PDF added."""
    return {**rendered, "pdf": pdf_bytes(rendered["html"])}
