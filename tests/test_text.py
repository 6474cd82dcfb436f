from fazhi.core.numbers import parse_cn_integer, parse_date
from fazhi.core.text import fold_width, split_sentences, strip_pinyin, to_simplified


def test_fold_width_keeps_chinese_punctuation_and_markers():
    assert fold_width("ＡＢ１２　９８．５％，（一）①、《》") == "AB12 98.5%，（一）①、《》"


def test_pinyin_only_after_han_and_only_toned():
    assert strip_pinyin("發(fā)布機(jī)構(gòu)") == "發布機構"
    assert strip_pinyin("(一)坚持 《纲要(2021—2025)》 条例(试行) ABC(abc)") == "(一)坚持 《纲要(2021—2025)》 条例(试行) ABC(abc)"


def test_script_converted_only_when_mostly_traditional():
    simplified = "全面推进依法行政,制度体系更加完善。"
    assert to_simplified(simplified)[0] == simplified
    text, share = to_simplified("全麵推進依法行政,製度體係更加完善,病曆係統。")
    assert share > 0.2 and "全面" in text and "制度" in text and "系统" in text and "病历" in text


def test_numerals_and_dates():
    assert parse_cn_integer("一百二十三") == 123 and parse_cn_integer("十五") == 15
    assert parse_cn_integer("二〇二三") == 2023 and parse_cn_integer("两千零五") == 2005
    assert parse_cn_integer("一是") is None
    assert str(parse_date("发布日期:2024年3月28日")) == "2024-03-28"
    assert str(parse_date("2024-03-28 09:18:00")) == "2024-03-28"
    assert parse_date("20xx年") is None


def test_sentences():
    text = "一是甲。二是乙；三是“丙。”"
    assert [text[a:b] for a, b in split_sentences(text)] == ["一是甲。", "二是乙；", "三是“丙。”"]
