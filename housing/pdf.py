"""PDF documents (the lease, the incentive statement) with the CJK font embedded.

The font comes from a Python package the project installs (Noto Sans CJK, collection face
2 = Simplified Chinese), never from the machine, so the Chinese renders on any reader.
fpdf2 embeds only the glyphs used, which keeps a lease around 20-40 kB.
"""

from functools import cache
from importlib.resources import files

from fpdf import FPDF

FONT = "noto"
#: Index of Noto Sans CJK SC in the package's OpenType collection (JP, KR, SC, TC, HK).
SC_FACE = 2


@cache
def font_path() -> str:
    return str(files("noto_cjk_sans_otc") / "NotoSansCJK-Regular.ttc")


class Document(FPDF):
    """An A4 page with the embedded font, a title in both languages and simple rows."""

    def __init__(self, title_zh: str, title_en: str) -> None:
        super().__init__(format="A4")
        self.set_auto_page_break(auto=True, margin=15)
        self.add_font(FONT, "", font_path(), collection_font_number=SC_FACE)
        self.set_title(f"{title_zh} / {title_en}")
        self.add_page()
        self.set_font(FONT, size=16)
        self.cell(0, 10, title_zh, new_x="LMARGIN", new_y="NEXT", align="C")
        self.set_font(FONT, size=11)
        self.cell(0, 7, title_en, new_x="LMARGIN", new_y="NEXT", align="C")
        self.ln(4)

    def row(self, label_zh: str, label_en: str, value: str) -> None:
        """The label in both languages on the left, the value beside it; the next row starts
        below whichever of the two is taller."""
        self.set_font(FONT, size=10)
        top = self.get_y()
        self.multi_cell(70, 5, f"{label_zh}\n{label_en}", new_x="LMARGIN", new_y="NEXT")
        below_label = self.get_y()
        self.set_xy(self.l_margin + 70, top)
        self.multi_cell(0, 5, value or "-", new_x="LMARGIN", new_y="NEXT")
        self.set_y(max(below_label, self.get_y()) + 1.5)

    def heading(self, zh: str, en: str) -> None:
        self.ln(2)
        self.set_font(FONT, size=12)
        self.multi_cell(0, 7, f"{zh} / {en}", new_x="LMARGIN", new_y="NEXT")

    def paragraph(self, text: str) -> None:
        self.set_font(FONT, size=9)
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")

    def table(self, header: list[str], rows: list[list[str]], widths: list[int]) -> None:
        self.set_font(FONT, size=8)
        for text, width in zip(header, widths, strict=True):
            self.cell(width, 6, text, border=1)
        self.ln()
        for row in rows:
            for text, width in zip(row, widths, strict=True):
                self.cell(width, 6, str(text), border=1)
            self.ln()

    def bytes(self) -> bytes:
        return bytes(self.output())
