"""CSV exports: Finnish ones use ';' and the decimal comma, as Finnish
spreadsheets expect; English ones ',' and the decimal point. Values stay
raw (no thousands separators, shares as fractions) so they read back as
the JSON has them."""
import csv
import io
import re


def _cell(value, lang):
    if value is None:
        return ""
    if isinstance(value, float):
        return str(value).replace(".", ",") if lang == "fi" else str(value)
    text = str(value)
    if isinstance(value, str) and re.match(r"[=@\t\r]|[+-](?![0-9])", text):
        # Typed text (a venue's name) that a spreadsheet would run as a
        # formula; a signed number ("+1", "-3") stays as it is.
        return "'" + text
    return text


def csv_text(header, rows, lang):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if lang == "fi" else ",", lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(value, lang) for value in row] for row in rows)
    return buffer.getvalue()
