import pytest

from kg.link.egov import parse_law_id


@pytest.mark.parametrize(
    "law_id, number, year, bill",
    [
        ("503AC0000000035", "令和3年法律第35号", 2021, "cabinet"),
        ("426AC1000000104", "平成26年法律第104号", 2014, "house-of-representatives-member"),
        ("507AC0000000053", "令和7年法律第53号", 2025, "cabinet"),
        ("415AC0000000057", "平成15年法律第57号", 2003, "cabinet"),
        ("334AC0000000121", "昭和34年法律第121号", 1959, "cabinet"),
        ("501AC0100000001", "令和元年法律第1号", 2019, "house-of-councillors-member"),
        ("129AC0000000089", "明治29年法律第89号", 1896, "cabinet"),
    ],
)
def test_act_ids_give_law_number_year_and_bill_type(law_id, number, year, bill):
    parsed = parse_law_id(law_id)
    assert parsed.law_number == number
    assert parsed.year == year
    assert parsed.bill_type == bill
    assert parsed.url == f"https://laws.e-gov.go.jp/law/{law_id}"


def test_cabinet_order_is_a_seirei_without_bill_type():
    parsed = parse_law_id("415CO0000000507")
    assert parsed.law_number == "平成15年政令第507号"
    assert parsed.bill_type is None


@pytest.mark.parametrize(
    "bad", ["", "507AC000000053", "607AC0000000053", "500AC0000000053", "507XX0000000053", "507AC2000000053", "321CONSTITUTION"]
)
def test_malformed_or_unsupported_ids_are_refused(bad):
    with pytest.raises(ValueError):
        parse_law_id(bad)
