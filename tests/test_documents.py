import io
import os
import shutil
import subprocess
import sys
import time

import docx
import pytest

from fazhi.core.documents import UnreadableDocument, attachment_links, document_text


def test_attachment_links_by_extension_parameter_and_text():
    html = ('<p>附件：<a href="/module/download/downfile.jsp?classid=0&amp;filename=7f3a.pdf">XX区2023年度法治政府建设情况报告.pdf</a></p>'
            '<a href="files/report.docx">下载</a><a href="/attach/9">附件2：报告.wps</a><a href="/news/1.html">新闻</a>')
    links = attachment_links(html, "http://127.0.0.1:8000/col/art/1.html")
    assert [(l.url, l.file_type) for l in links] == [
        ("http://127.0.0.1:8000/module/download/downfile.jsp?classid=0&filename=7f3a.pdf", "pdf"),
        ("http://127.0.0.1:8000/col/art/files/report.docx", "docx"),
        ("http://127.0.0.1:8000/attach/9", "wps"),
    ]


def test_docx_text_in_paragraph_order_with_tables():
    document = docx.Document()
    for text in ("关于2023年度某区法治政府建设情况的报告", "一、主要举措和成效", "全年收到行政复议申请156件。"):
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "收案", "156"
    buffer = io.BytesIO()
    document.save(buffer)
    assert document_text(buffer.getvalue(), "docx").split("\n") == [
        "关于2023年度某区法治政府建设情况的报告", "一、主要举措和成效", "全年收到行政复议申请156件。", "收案 | 156"]


@pytest.mark.parametrize("body, file_type, reason", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1junk", "doc", "DOC cannot be read .catdoc: .*antiword: the file is not a Word"),
    (b"junk", "wps", "not a WPS file .no OLE2 signature"),
    (b"<html>not a pdf</html>", "pdf", "not a PDF file"),
    (b"not a zip", "docx", "not a DOCX file"),
])
def test_unreadable_documents_say_why(body, file_type, reason):
    with pytest.raises(UnreadableDocument, match=reason):
        document_text(body, file_type)


def test_pdf_lines_reflow_into_paragraphs_without_page_footers():
    text = ("某区2023年度法治政府建设情况报告\n\u3000\u30002023年，某区坚持依法行政，法治政府建设取得新\n成效。现报告如下。\n"
            "— 1 —\n\u3000\u3000一、主要举措和成效\n\u3000\u3000（一）统筹推进。全年学法10\n次。\n第 2 页\n")
    from fazhi.core.documents import reflow_pdf_text

    assert reflow_pdf_text(text).split("\n") == [
        "某区2023年度法治政府建设情况报告", "2023年，某区坚持依法行政，法治政府建设取得新成效。现报告如下。",
        "一、主要举措和成效", "（一）统筹推进。全年学法10次。"]


# --------------------------------------------------------------- finding the document --
from fazhi.core.documents import file_type_of, page_scan_images  # noqa: E402
from fazhi.core.documents.ocr import mend_numbers  # noqa: E402


def test_documents_are_found_wherever_pages_hide_them():
    """portal-platforms.md §3.5: iframe / embed / object, pdf.js viewers, onclick and
    javascript: links, download endpoints that name no type."""
    html = """
      <iframe src="/static/pdfjs/web/viewer.html?file=%2Fattach%2F2024%2Fbg.pdf" width="100%"></iframe>
      <iframe src="/other/page.html"></iframe>
      <embed src="/attach/2024/bg2.pdf" type="application/pdf">
      <object data="files/bg3.ofd" type="application/ofd"></object>
      <a href="javascript:void(0);" onclick="window.open('/attach/2024/bg4.docx')">附件：报告</a>
      <a href="javascript:location.href='/attach/2024/bg5.wps'">下载</a>
      <span onclick="window.location.href='/attach/2024/bg6.doc'">附件</span>
      <a href="/module/download/attachment.jsp?fileId=5c61d2e0">附件：2023年度法治政府建设情况报告</a>
      <a href="/download/7">返回首页</a><a href="/news/1.html">新闻</a><a href="/app/download.html">下载APP</a>"""
    links = attachment_links(html, "http://127.0.0.1:8000/col/art/1.html")
    assert [(l.url.split("8000")[1], l.file_type) for l in links] == [
        ("/attach/2024/bg4.docx", "docx"), ("/attach/2024/bg5.wps", "wps"),
        ("/module/download/attachment.jsp?fileId=5c61d2e0", None),
        ("/attach/2024/bg.pdf", "pdf"), ("/attach/2024/bg2.pdf", "pdf"), ("/col/art/files/bg3.ofd", "ofd"),
        ("/attach/2024/bg6.doc", "doc")]


def test_a_files_type_is_read_from_its_bytes_and_names_only_tell_doc_from_wps():
    from fazhi.farm.documents import build_ofd, build_word97

    ofd, word = build_ofd("报告", ("一、工作情况",)), build_word97("报告", ("一、工作情况",))
    assert file_type_of(ofd, name="download.jsp", content_type="application/octet-stream") == "ofd"
    assert file_type_of(ofd, name="report.pdf") == "ofd"            # the bytes win over a wrong name
    assert file_type_of(word, disposition="attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A.wps") == "wps"
    assert file_type_of(word, name="报告.doc") == "doc"
    assert file_type_of(b"<html><body>404</body></html>", name="x.pdf") is None


def test_page_scans_are_the_content_images_that_are_not_icons():
    images = [("/uploadfiles/2024/scan_1.png", {"width": "800"}), ("/images/common/logo.png", {}),
              ("/uploadfiles/2024/scan_2.jpg", {}), ("/img/ewm.jpg", {}), ("/img/dot.png", {"width": "12"})]
    assert page_scan_images(images, "http://h/a/b.html") == ["http://h/uploadfiles/2024/scan_1.png",
                                                             "http://h/uploadfiles/2024/scan_2.jpg"]


def test_a_cover_note_is_known_by_its_wording_not_only_its_length():
    from fazhi.core.records import CleanedPage
    from tasks.clean import is_cover_note

    preamble = "各镇人民政府、街道办事处，区政府各部门、各直属单位：" + "根据《法治政府建设与责任落实督察工作规定》有关要求，结合我区实际，" * 12
    note = CleanedPage(title="x", body_text=preamble + "现将《某区2023年度法治政府建设情况报告》予以公开。\n全文详见附件。")
    assert len(note.body_text) > 400 and is_cover_note(note)
    report = CleanedPage(title="x", body_text="一、主要举措\n" + "全年办理行政复议案件56件，" * 30 + "\n二、存在的不足\n详见附件1。")
    assert not is_cover_note(report)


@pytest.mark.parametrize("raw, mended", [
    ("全年办理案件l56件，同比增长2O%", "全年办理案件156件，同比增长20%"),
    ("二〇二三年，组织学法1〇次", "二〇二三年，组织学法10次"),   # 〇 in a Chinese numeral stays
    ("准予备案部门行政规范性文件]件。", "准予备案部门行政规范性文件1件。"),  # seed 002 scanned: ] for 1
    ("通过ISO9001认证，Office培训", "通过ISO9001认证，Office培训"),     # letters in words stay
    ("收案|156|23", "收案|156|23"),                                     # a table's borders stay
])
def test_ocr_confusions_are_mended_only_in_numbers(raw, mended):
    assert mend_numbers(raw) == mended


# --------------------------------------------------------------------- safe reading --
from fazhi.core.documents import ReadLimits, read_document  # noqa: E402
from fazhi.farm import documents as made  # noqa: E402
from fazhi.farm.attachments import build_pdf  # noqa: E402

TEXT = ("关于2023年度某区法治政府建设情况的报告", ("2023年，某区坚持依法行政，法治政府建设取得新成效。" * 4,) * 6)


@pytest.mark.parametrize("body, kind, reason", [
    (made.docx_zip_bomb(*TEXT, expands_to=256 * 1024 * 1024), "docx", r"zip bomb: DOCX members expand to 25\d MB, past the 200 MB cap"),
    (made.build_ofd(*TEXT, entity_bomb=True), "ofd", "declares XML entities"),
    (made.truncated_pdf(*TEXT), "pdf", "PDF is truncated"),
    (made.looping_xref_pdf(*TEXT), "pdf", "cyclic"),
], ids=["zip-bomb", "entity-ofd", "truncated-pdf", "looping-pdf"])
def test_hostile_files_are_unreadable_with_a_reason(body, kind, reason):
    with pytest.raises(UnreadableDocument, match=reason):
        read_document(body, kind)


def test_an_external_entity_is_never_fetched_or_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    ofd = made.build_ofd(*TEXT)
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(ofd))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            data = src.read(name)
            if name.endswith("Content.xml"):
                data = data.replace(b'?>', f'?><!DOCTYPE p [<!ENTITY x SYSTEM "file://{secret}">]>'.encode(), 1)
                data = data.replace(b"<ofd:Content>", b"<ofd:Content>&x;", 1)
            z.writestr(name, data)
    with pytest.raises(UnreadableDocument, match="declares XML entities"):
        read_document(out.getvalue(), "ofd")


def test_a_parse_over_its_time_is_stopped():
    """The worker is killed at parse_seconds (a looping parser holds nothing)."""
    big = build_pdf(TEXT[0], TEXT[1] * 200)            # ~900 pages: pypdf needs seconds
    limits = ReadLimits(parse_seconds=0.3)
    start = time.monotonic()
    with pytest.raises(UnreadableDocument, match="took longer than 0.3 s"):
        read_document(big, "pdf", limits)
    assert time.monotonic() - start < 5


def test_pages_over_the_limit_are_refused():
    with pytest.raises(UnreadableDocument, match="over the 2-page limit"):
        read_document(build_pdf(TEXT[0], TEXT[1] * 10), "pdf", ReadLimits(max_pages=2))


def test_a_missing_ocr_engine_is_the_reason_not_a_crash(tmp_path):
    """Without tesseract on PATH a scan is unreadable with the reason (a real process)."""
    script = ("from fazhi.core.documents import read_document, UnreadableDocument\n"
              "from fazhi.farm.documents import build_scanned_pdf\n"
              "try:\n    read_document(build_scanned_pdf('报告', ('一、工作情况',)), 'pdf')\n"
              "except UnreadableDocument as e:\n    print(e)\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "pdftoppm").symlink_to(shutil.which("pdftoppm") or "/usr/bin/pdftoppm")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PATH": str(bin_dir)})
    assert done.stdout.strip() == ("OCR engine tesseract not installed "
                                   "(Debian: apt-get install tesseract-ocr tesseract-ocr-chi-sim)"), done.stderr


# ------------------------------------------------------------------ reading formats --
from fazhi.evaluation.documents import char_f1, indicator_agreement, score_format  # noqa: E402
from fazhi.core.documents.ocr import engine, missing_engine_reason  # noqa: E402

SEEDS = ("000_8a596ebcca1d5ce5.txt", "001_756b88d9e06b440f.txt", "002_3fdb355039b4e6e4.txt", "003_1a326fd2bbbc3412.txt")


def need_ocr_engine():
    """Tests that need Tesseract (and the font the scans are set in) skip without it, with the
    reason, unless we are root (then `make test` installs it, and its absence is a failure)."""
    from fazhi.farm.documents import SCAN_FONT

    reason = missing_engine_reason() if engine() is None else \
        None if os.path.exists(SCAN_FONT) else f"{SCAN_FONT} missing (apt-get install fonts-noto-cjk)"
    if reason:
        (pytest.fail if os.geteuid() == 0 else pytest.skip)(reason)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "ofd", "doc", "wps"])
@pytest.mark.parametrize("seed", SEEDS)
def test_text_formats_read_the_report_with_f1_at_least_097(seed, fmt):
    if fmt in ("doc", "wps") and not (shutil.which("catdoc") or shutil.which("antiword")):
        if os.geteuid() == 0:
            pytest.fail("DOC converter not installed (apt-get install catdoc antiword)")
        pytest.skip("DOC converter not installed (apt-get install catdoc antiword)")
    score, _text = score_format(seed, fmt)
    assert score.f1 >= 0.97


def test_ocr_of_a_scanned_report_reads_it_and_its_indicators():
    """Seed 003 as a scanned PDF: character F1 >= 0.90, and the labelled indicator values
    extracted from the OCR'd text agree with the text version's on >= 90% of them."""
    need_ocr_engine()
    score, ocr_text = score_format(SEEDS[3], "scanned_pdf")
    assert score.f1 >= 0.90 and score.confidence > 0.7
    _score, text_version = score_format(SEEDS[3], "pdf")
    agree, total = indicator_agreement(SEEDS[3], ocr_text, text_version)
    assert total >= 5 and agree / total >= 0.9
    assert char_f1(ocr_text, text_version) >= 0.90
