from pipeline.extract.names import is_person_name, normalise, split_names


def test_normalise_spacing_and_parentheses():
    assert normalise("王  斐") == "王斐"
    assert normalise("区应急管理局(安委办)") == "区应急管理局（安委办）"


def test_split_on_lines_and_spaces():
    assert split_names("王  斐\n\n王  婷") == ["王斐", "王婷"]
    assert split_names("王旭锋 胡金芳 王行杰 印松涛") == ["王旭锋", "胡金芳", "王行杰", "印松涛"]
    assert split_names("区委组织部（人才办） 区科技局 区工信局") == ["区委组织部（人才办）", "区科技局", "区工信局"]
    assert split_names("高新区(邹区镇) 钟楼资规分局") == ["高新区（邹区镇）", "钟楼资规分局"]


def test_collective_entries_are_one():
    assert split_names("各镇、开发区、街道") == ["各镇、开发区、街道"]
    assert split_names("相关单位\n\n各镇、开发区") == ["相关单位", "各镇、开发区"]
    assert split_names("相关镇、开发区、街道") == ["相关镇、开发区、街道"]


def test_enumerated_units_split_on_dunhao():
    assert split_names("区发改局、区工信局") == ["区发改局", "区工信局"]


def test_wrapped_unit_rejoined():
    assert split_names("区应急管理局（安委\n办）") == ["区应急管理局（安委办）"]
    assert split_names("区委组织部（人才办）区科技局") == ["区委组织部（人才办）", "区科技局"]


def test_people_versus_units():
    assert is_person_name("王旭锋") and is_person_name("汪豆豆") and is_person_name("王  斐")
    for unit in ("经开区", "西太湖", "区发改局", "新运集团", "各镇", "团区委", "中以园"):
        assert not is_person_name(unit), unit
