"""Resolving the unit a report is about (fazhi/core/gazetteer.py) from its title and text."""
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
    # every level, the most specific of the chain the title opens with
    ("淮安市人民政府关于2017年度法治政府建设情况的报告", "", "320800"),
    ("石家庄市人民政府2022年法治政府建设年度报告", "", "130100"),
    ("赵县人民政府关于2022年度法治政府建设情况的报告", "", "130133"),
    ("广州市司法局关于2024年度法治政府建设情况的报告", "", "440100"),
    ("浙江省温州市永嘉县2022年度法治政府建设情况报告", "", "330324"),
    ("北京市人民政府关于2023年法治政府建设情况的报告", "", "110000"),
    ("新疆维吾尔自治区司法厅2023年度法治政府建设情况报告", "", "650000"),
    ("宁波市江北区关于学习贯彻浙江省法治政府建设实施纲要的报告", "", "330205"),   # a later name is not the author
])
def test_resolve_unit(text, context, code):
    division = gazetteer.resolve_unit(text, context)
    assert (division.code if division else None) == code


def test_abolished_unit_keeps_its_successor():
    xiacheng = gazetteer.by_code("330103")
    assert xiacheng.valid_to.startswith("2021") and xiacheng.successor_code == "330105"


def test_a_county_by_its_short_name_inside_its_city():
    """A city bureau's branch named by its county's short name (湖州市生态环境局长兴分局): the one
    county of that city whose name it is without the level word; none for a zone (高新)."""
    huzhou = gazetteer.by_code("330500")
    assert gazetteer.county_by_short_name(huzhou, "长兴").code == "330522"
    assert gazetteer.county_by_short_name(huzhou, "高新") is None
