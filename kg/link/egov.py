"""e-Gov law IDs: what a 15-character ID says about a Japanese law.

An act's ID is the era digit (1 Meiji … 5 Reiwa), two digits of the era year,
``AC``, seven digits naming who brought the bill, and the three-digit law
number: ``426AC1000000104`` is Heisei 26 (2014) Act No. 104, a House of
Representatives member's bill. Cabinet orders use ``CO`` in the same layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (name, first Gregorian year) by era digit
ERAS = {
    "1": ("明治", 1868),
    "2": ("大正", 1912),
    "3": ("昭和", 1926),
    "4": ("平成", 1989),
    "5": ("令和", 2019),
}
KINDS = {"AC": "法律", "CO": "政令"}
BILL_TYPES = {
    "0000000": "cabinet",
    "1000000": "house-of-representatives-member",
    "0100000": "house-of-councillors-member",
}
PATTERN = re.compile(r"^([1-5])([0-9]{2})(AC|CO)([0-9]{7})([0-9]{3})$")


@dataclass(frozen=True)
class LawId:
    text: str
    era: str
    era_year: int
    kind: str
    bill_type: str | None
    number: int
    first_year_of_era: int

    @property
    def year(self) -> int:
        """The Gregorian year of the law."""
        return self.first_year_of_era + self.era_year - 1

    @property
    def law_number(self) -> str:
        """The law number as written in Japanese, e.g. 令和7年法律第53号 (era year 1 is 元年)."""
        year = "元" if self.era_year == 1 else str(self.era_year)
        return f"{self.era}{year}年{self.kind}第{self.number}号"

    @property
    def url(self) -> str:
        return f"https://laws.e-gov.go.jp/law/{self.text}"


def parse_law_id(text: str) -> LawId:
    """Read an act's or cabinet order's e-Gov law ID; ValueError says what is wrong with it."""
    match = PATTERN.match(text)
    if not match:
        raise ValueError(
            f"{text!r} is not an e-Gov ID of an act or cabinet order "
            "(era digit 1-5, two-digit year, AC or CO, ten digits)"
        )
    era_digit, era_year, kind, bill, number = match.groups()
    era, first_year = ERAS[era_digit]
    if int(era_year) == 0:
        raise ValueError(f"{text!r} has era year 00")
    if kind == "AC" and bill not in BILL_TYPES:
        raise ValueError(f"{text!r} has an unknown bill type {bill}")
    return LawId(
        text=text,
        era=era,
        era_year=int(era_year),
        kind=KINDS[kind],
        bill_type=BILL_TYPES.get(bill) if kind == "AC" else None,
        number=int(number),
        first_year_of_era=first_year,
    )
