import pytest

from fazhi.core.paths import DEFAULT_REGISTRY, MIRROR_REGISTRY
from fazhi.core.registry import RegistryError, load_registry, parse_registry, select_portals

GOOD = """
[[portal]]
id = "nb-jiangbei"
name = "宁波市江北区人民政府"
admin_code = "330205"
province = "浙江省"
city = "宁波市"
county = "江北区"
start_urls = ["http://127.0.0.1:8701/col/col1229741443/index.html"]
"""


def test_shipped_registries_are_valid():
    assert len(load_registry(DEFAULT_REGISTRY)) == 49
    assert {p.id for p in load_registry(MIRROR_REGISTRY)} == {"nb-jiangbei", "nb-zhenhai", "hz-xiacheng", "hh-hecheng"}


@pytest.mark.parametrize("entry, unit, chain", [
    ('name = "北京市人民政府"\nadmin_code = "110000"', "北京市", ("北京市", "", "")),
    ('name = "浙江省司法厅"\nadmin_code = "330000"\nlevel = "department"\ndepartment = "司法厅"', "浙江省",
     ("浙江省", "", "")),
    ('name = "新疆维吾尔自治区司法厅"\nadmin_code = "650000"\nlevel = "department"\ndepartment = "司法厅"',
     "新疆维吾尔自治区", ("新疆维吾尔自治区", "", "")),
    ('name = "宁波市司法局"\nadmin_code = "330200"\ncity = "宁波市"\nlevel = "department"\ndepartment = "司法局"',
     "宁波市", ("浙江省", "宁波市", "")),
    ('name = "永嘉县人民政府"\nadmin_code = "330324"', "永嘉县", ("浙江省", "温州市", "永嘉县")),
    ('name = "金平苗族瑶族傣族自治县人民政府"\nadmin_code = "532530"', "金平苗族瑶族傣族自治县",
     ("云南省", "红河哈尼族彝族自治州", "金平苗族瑶族傣族自治县")),
])
def test_every_level_can_be_registered_and_takes_its_chain_from_the_code(entry, unit, chain):
    (portal,) = parse_registry(f'[[portal]]\nid = "p"\n{entry}\nstart_urls = ["https://www.example.gov.cn/col/1/"]\n')
    assert portal.unit_name == unit and (portal.province, portal.city, portal.county) == chain


def test_defaults_and_hosts():
    (portal,) = parse_registry(GOOD)
    assert portal.cms == "auto" and portal.level == "government" and portal.allowed_hosts == ()
    assert portal.hosts == {"127.0.0.1:8701"}


@pytest.mark.parametrize("change, message", [
    (('admin_code = "330205"', 'admin_code = "33020"'), "portal #1 (nb-jiangbei), field 'admin_code': '33020' is not a 6-digit"),
    (('id = "nb-jiangbei"', 'id = "NB Jiangbei"'), "field 'id': 'NB Jiangbei' is not a slug"),
    (('start_urls = ["http://127.0.0.1:8701/col/col1229741443/index.html"]', 'start_urls = ["ftp://x/y"]'), "field 'start_urls': 'ftp://x/y' is not an http(s) URL"),
    (('start_urls = ["http://127.0.0.1:8701/col/col1229741443/index.html"]', 'start_urls = []'), "field 'start_urls': must be a non-empty list"),
    (('county = "江北区"', 'county = "江北区"\ncms = "wordpress"'), "field 'cms': 'wordpress' is not one of"),
    (('county = "江北区"', 'county = "江北区"\nlevel = "city"'), "field 'level': 'city' is not one of"),
    (('county = "江北区"', 'county = "江北区"\nallowed_hosts = "x.gov.cn"'), "field 'allowed_hosts': must be a list"),
    (('county = "江北区"', 'county = "江北区"\nstart_url = "x"'), "field 'start_url': unknown field"),
    (('admin_code = "330205"', 'admin_code = "330299"'), "field 'admin_code': 330299 is no division in the gazetteer"),
    (('city = "宁波市"', 'city = "杭州市"'), "field 'city': '杭州市' does not fit admin_code 330205 (江北区): expected '宁波市'"),
    (('admin_code = "330205"', 'admin_code = "330200"'), "field 'county': '江北区' does not fit admin_code 330200 (宁波市): expected none (it is a prefecture)"),
    (('name = "宁波市江北区人民政府"\n', ''), "field 'name': missing"),
    (('county = "江北区"', 'county = "江北区"\nlevel = "department"'), "field 'department': missing: a portal with level"),
    (('county = "江北区"', 'county = "江北区"\ndepartment = "司法局"'), "field 'level': must be \"department\" when a department"),
])
def test_each_mistake_names_file_entry_and_field(change, message):
    text = GOOD.replace(*change)
    with pytest.raises(RegistryError) as err:
        parse_registry(text, "reg.toml")
    assert str(err.value).startswith("reg.toml: portal #1")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_duplicate_ids_and_bad_toml(tmp_path):
    with pytest.raises(RegistryError, match=r"portal #2 \(nb-jiangbei\), field 'id': duplicate of portal #1"):
        parse_registry(GOOD + GOOD, "reg.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[portal]]\nid = \n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"bad.toml: not valid TOML: .*line 2"):
        load_registry(bad)
    with pytest.raises(RegistryError, match="registry file not found"):
        load_registry(tmp_path / "missing.toml")


def test_select_unknown_portal():
    portals = parse_registry(GOOD)
    assert select_portals(portals, None) == portals
    with pytest.raises(RegistryError, match="unknown portal id 'nope'"):
        select_portals(portals, ["nope"])
