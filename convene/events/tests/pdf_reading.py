"""Reading the PDFs the site makes back, as a person printing them would see them."""

import io
from dataclasses import dataclass

from pypdf import PdfReader

# A4 in PDF points (1/72 inch): 210 by 297 mm.
A4_POINTS = (595.28, 841.89)


@dataclass(frozen=True)
class ReadPdf:
    pages: list[str]
    sizes: list[tuple[float, float]]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def all_a4(self) -> bool:
        return all(
            abs(width - A4_POINTS[0]) < 1 and abs(height - A4_POINTS[1]) < 1
            for width, height in self.sizes
        )


def read_pdf(data: bytes) -> ReadPdf:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return ReadPdf(
        pages=[page.extract_text() for page in reader.pages],
        sizes=[
            (float(page.mediabox.width), float(page.mediabox.height))
            for page in reader.pages
        ],
    )
