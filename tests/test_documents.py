import io

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
