"""Resolving the unit a report is about (fazhi/gazetteer.py) from its title and text."""
import pytest

from fazhi.core import gazetteer


@pytest.mark.parametrize("text, context, code", [
    ("关于2023年度宁波市江北区法治政府建设情况的报告", "", "330205"),
    ("重庆市江北区2023年法治政府建设情况报告", "", "500105"),
    ("江北区2023年法治政府建设情况报告", "按照“法治江北”的部署,《宁波通讯》刊发", "330205"),   # seed 004: from context
    ("江北区2023年法治政府建设情况报告", "全区各部门", None),                              # shared name, no context: unknown
    ("下城区2020年度法治政府建设工作报告", "", "330103"),                                   # abolished in 2021, still resolved
    ("关于鹤城区2023年度法治政府建设情况报告", "", "431202"),
    ("某某区2023年法治政府建设情况报告", "", None),
])
def test_resolve_county(text, context, code):
    division = gazetteer.resolve_county(text, context)
    assert (division.code if division else None) == code


def test_abolished_unit_keeps_its_successor():
    xiacheng = gazetteer.by_code("330103")
    assert xiacheng.valid_to.startswith("2021") and xiacheng.successor_code == "330105"
