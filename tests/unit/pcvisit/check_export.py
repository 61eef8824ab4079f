#!/usr/bin/env python3
"""Reads the export documents back with readers rmmsim's code has no part in.

Usage: check_export.py EXPORT_TEST_BINARY
Runs "EXPORT_TEST_BINARY --write DIR" (tests/unit/pcvisit/export_test.c) and checks:
- CSV (F-PCV-054, F-PCV-055): Python's csv module reads the header and the cells back;
- XLSX (F-PCV-056, F-PCV-057): zipfile's CRC test, every part well-formed XML, the content
  types and relationships pointing at parts that exist, the cells' values and styles; with
  openpyxl installed, also what it reads (skipped otherwise);
- PDF (F-PCV-058): the xref offsets, /Size, the page tree; with pdftotext (poppler-utils)
  installed, also the text it extracts (skipped otherwise: not a test dependency).
Standard library only.
"""
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"

HEADER = ["id", "name", "type", "state", "sessionCreatedAt", "sessionFinishedAt", "duration",
          "customDuration", "invoiceState", "clientCompany.companyFolderDisplayName",
          "target.computerDisplayName", "target.computerHostName", "participants.name"]


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def check_csv(path):
    raw = open(path, "rb").read()
    check(raw.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 BOM")
    check(raw.endswith(b"\r\n"), "CSV records end with CRLF")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    check(rows[0] == HEADER + ["comments"], "CSV header: %r" % rows[0])
    check(len(rows) == 4, "CSV has 3 data rows")
    check(rows[1][4] == "2025-11-24T16:00:00.000Z" and rows[1][6] == "1:02:03", "CSV row 1")
    check(rows[2][1] == 'Update, "urgent"\nsecond line', "CSV quoting: %r" % rows[2][1])
    check(rows[2][13] == "first\nline1\nline2\nline3", "CSV comments")
    check(rows[3][1] == "'=HYPERLINK(\"http://x\",\"y\")", "CSV formula guard")
    check(rows[3][13] == "'=cmd|' /C calc'!A0\nbad \ufffd\ufffd( bytes end", "CSV clean-up")


def sheet_cells(z):
    """{ref: (type, style, text or value)} of sheet1.xml."""
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    cells = {}
    for row in sheet.iter(MAIN + "row"):
        for c in row.iter(MAIN + "c"):
            t = c.get("t")
            if t == "inlineStr":
                value = "".join(x.text or "" for x in c.iter(MAIN + "t"))
            else:
                value = float(c.find(MAIN + "v").text)
            cells[c.get("r")] = (t, c.get("s"), value)
    return sheet, cells


def check_xlsx_package(path):
    z = zipfile.ZipFile(path)
    check(z.testzip() is None, "every entry's CRC matches")
    names = z.namelist()
    for name in names:
        check(z.getinfo(name).compress_type == zipfile.ZIP_STORED, name + " is stored")
        ET.fromstring(z.read(name))  # well-formed
    types = ET.fromstring(z.read("[Content_Types].xml"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(CT + "Override")}
    for part in overrides:
        check(part[1:] in names, "content type for a missing part " + part)
    check(overrides["/xl/workbook.xml"].endswith("spreadsheetml.sheet.main+xml"), "workbook")
    rels = ET.fromstring(z.read("_rels/.rels"))
    check([r.get("Target") for r in rels.iter(PKG_REL + "Relationship")] == ["xl/workbook.xml"],
          "root relationship")
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    for r in rels.iter(PKG_REL + "Relationship"):
        check("xl/" + r.get("Target") in names, "relationship target " + r.get("Target"))
    book = ET.fromstring(z.read("xl/workbook.xml"))
    check([s.get("name") for s in book.iter(MAIN + "sheet")] == ["Sessions"], "sheet name")
    styles = ET.fromstring(z.read("xl/styles.xml"))
    xfs = styles.find(MAIN + "cellXfs")
    check(int(xfs.get("count")) == len(list(xfs)), "cellXfs count")
    return z


def check_xlsx(path):
    z = check_xlsx_package(path)
    sheet, cells = sheet_cells(z)
    check([cells["%s1" % chr(65 + i)][2] for i in range(14)] == HEADER + ["comments"],
          "XLSX header")
    check(all(cells["%s1" % chr(65 + i)][1] == "1" for i in range(14)), "XLSX header is bold")
    check(cells["B2"] == ("inlineStr", None, "Remote support"), "B2: %r" % (cells["B2"],))
    t, s, v = cells["E2"]
    check(t is None and s == "2" and abs(v - (25569 + 1764000000000 / 86400000)) < 1e-9, "E2")
    t, s, v = cells["G2"]
    check(s == "3" and abs(v * 86400000 - 3723456) < 1e-3, "G2 duration")
    check(cells["B3"][2] == 'Update, "urgent"\nsecond line', "B3")
    check(cells["J3"][2] == "Zo\u00eb & Co <AG>", "J3")
    check(cells["N3"][1] == "4" and cells["N3"][2] == "first\nline1\nline2\nline3", "N3")
    check(cells["B4"][2] == '=HYPERLINK("http://x","y")', "B4 stays text")
    check(cells["L4"][2] == "\tTAB", "L4")
    check("F3" not in cells and "L3" not in cells, "null values have no cell")
    pane = sheet.find(MAIN + "sheetViews/" + MAIN + "sheetView/" + MAIN + "pane")
    check(pane.get("state") == "frozen" and pane.get("ySplit") == "1", "frozen header")


def check_with_openpyxl(path):
    """openpyxl, when installed (Debian's python3-openpyxl; not a test dependency)."""
    try:
        import openpyxl
    except ImportError:
        print("check_export: openpyxl not installed, XLSX not read by it")
        return
    import datetime
    ws = openpyxl.load_workbook(path).active
    check(ws.title == "Sessions" and ws.freeze_panes == "A2", "openpyxl: sheet")
    check(ws["E2"].value == datetime.datetime(2025, 11, 24, 16, 0), "openpyxl: E2 is a date")
    check(ws["G2"].value == datetime.timedelta(seconds=3723, microseconds=456000),
          "openpyxl: G2 is a duration")
    check(ws["B3"].value == 'Update, "urgent"\nsecond line', "openpyxl: B3")
    check(ws["A1"].font.b, "openpyxl: bold header")


def check_many_xlsx(path, rows):
    z = check_xlsx_package(path)
    sheet, cells = sheet_cells(z)
    dim = sheet.find(MAIN + "dimension").get("ref")
    check(dim == "A1:M%d" % (rows + 1), "dimension " + dim)
    if rows:
        check(cells["A%d" % (rows + 1)][2] == "row-%05d" % (rows - 1), "last row")


def check_pdf(path, text_wanted):
    pdf = open(path, "rb").read()
    check(pdf.startswith(b"%PDF-1.4\n") and pdf.endswith(b"%%EOF\n"), "PDF header and end")
    start = int(re.findall(rb"startxref\n(\d+)\n", pdf)[-1])
    m = re.compile(rb"xref\n0 (\d+)\n").match(pdf, start)
    check(m, "xref at startxref")
    size = int(m.group(1))
    entries = pdf[m.end():m.end() + 20 * size]
    check(entries[:20] == b"0000000000 65535 f \n", "free list head")
    for obj in range(1, size):
        off = int(entries[20 * obj:20 * obj + 10])
        check(pdf.startswith(b"%d 0 obj\n" % obj, off), "object %d at %d" % (obj, off))
    check(re.search(rb"trailer\n<< /Size %d /Root 1 0 R" % size, pdf), "trailer /Size")
    pages = int(re.search(rb"/Type /Pages /Kids \[[^\]]*\] /Count (\d+)", pdf).group(1))
    check(pages == (size - 7) // 3 and pdf.count(b"/Type /Page /Parent") == pages, "pages")
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-layout", path, "-"], check=True,
                             capture_output=True).stdout.decode("utf-8")
        for t in text_wanted:
            check(t in out, "pdftotext finds %r" % t)
        if "Page 1 of" not in out:
            raise AssertionError("pdftotext finds the page numbers")
    else:
        print("check_export: pdftotext not installed, PDF text not extracted")
    return pages


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([binary, "--write", d], check=True)
        check_csv(os.path.join(d, "fixture.csv"))
        check_xlsx(os.path.join(d, "fixture.xlsx"))
        check_with_openpyxl(os.path.join(d, "fixture.xlsx"))
        check_many_xlsx(os.path.join(d, "many.xlsx"), 400)
        check_many_xlsx(os.path.join(d, "empty.xlsx"), 0)
        check_pdf(os.path.join(d, "fixture.pdf"),
                  ["Session history", "Remote support", "M\u00fcller GmbH", "Anna Schmidt; Bob"])
        pages = check_pdf(os.path.join(d, "many.pdf"), ["row-00399", "a comment"])
        check(pages > 5, "400 rows take several pages")
    print("check_export: CSV, XLSX and PDF read back")


if __name__ == "__main__":
    main()
