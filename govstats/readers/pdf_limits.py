"""Bounds on pdfminer while it reads a PDF: decoded bytes, characters and form draws (issue 22).

pdfminer decodes a stream whole (zlib.decompress of a 1 MB stream that inflates to 1 GiB: 8 s
and 2.1 GB) and replays nested form XObjects without limit (100 x 100 x 100 characters from
2 kB: 27 s and 2 GB, every character built before any count could be checked); 2 MB of
content-stream operators take 18 s to 54 s and up to 745 MB. It offers no hook for any of
this, so for the duration of one read `bounded()` replaces, in pdfminer's and pdfplumber's
own namespaces, the decoders PDFStream.decode calls, the content-stream parser, and the
methods every page, character, painted path and form draw goes through, and counts as they
run. The originals come back
when the read ends; readers run one file at a time per process (ingest's pool workers are
processes), so no other thread sees the replacements.

A limit reached raises PdfLimit, a BaseException: pdfminer and pdfplumber catch Exception in
several places (a font that fails to load, a page that fails to parse) and must not swallow it.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterator
from types import SimpleNamespace

from govstats.readers import limits


class PdfLimit(BaseException):
    """A bound of readers.limits reached while pdfminer was reading; args[0] is the one-line reason."""


class _Counts:
    """What one read has used so far."""

    def __init__(self) -> None:
        self.decoded = self.chars = 0
        self.page = "?"
        self.page_tokens = self.tokens = 0
        self.page_paths = self.paths = 0

    def take(self, n: int) -> None:
        self.decoded += n
        if self.decoded > limits.MAX_PDF_DECODED_BYTES:
            raise PdfLimit(f"PDF streams decode to more than {limits.MAX_PDF_DECODED_BYTES // 2**20} MB "
                           f"(the limit for one document)")


def _inflate(counts: _Counts, data: bytes) -> bytes:
    """zlib.decompress, a chunk at a time, every chunk counted; raises zlib.error as zlib does."""
    d = zlib.decompressobj()
    out = bytearray()
    rest = data
    while True:
        chunk = d.decompress(rest, limits.CHUNK)
        counts.take(len(chunk))
        out += chunk
        rest = d.unconsumed_tail
        if d.eof or not rest and not chunk:
            break
    if not d.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return bytes(out)


class _CountedDecompressor:
    """zlib.decompressobj for pdfminer's decompress_corrupted (byte by byte), output counted."""

    def __init__(self, counts: _Counts) -> None:
        self._d = zlib.decompressobj()
        self._counts = counts

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._d.decompress(data, max_length)
        self._counts.take(len(out))
        return out

    def __getattr__(self, name: str) -> object:
        return getattr(self._d, name)


def _lzw(counts: _Counts, data: bytes) -> bytes:
    """pdfminer's LZW decoder, its output counted code by code."""
    import io

    from pdfminer.lzw import LZWDecoder

    out = bytearray()
    for piece in LZWDecoder(io.BytesIO(data)).run():
        counts.take(len(piece))
        out += piece
    return bytes(out)


def _runlength(counts: _Counts, data: bytes) -> bytes:
    """RunLengthDecode (PDF 1.7 section 7.4.5: a length byte n < 128 copies n + 1 bytes, n > 128
    repeats the next byte 257 - n times, 128 ends), counted run by run; pdfminer's own rldecode
    builds a list of ints, 8 bytes per output byte, before anything could be counted."""
    out = bytearray()
    i, n = 0, len(data)
    while i < n and data[i] != 128:
        length = data[i]
        if length < 128:
            run = data[i + 1: i + 2 + length]
            i += 2 + length
        else:
            run = data[i + 1: i + 2] * (257 - length)
            i += 2
        counts.take(len(run))
        out += run
    return bytes(out)


def _over(n_page: int, n_doc: int, page_cap: int, doc_cap: int, what: str, page: object) -> PdfLimit | None:
    if n_page > page_cap:
        return PdfLimit(f"PDF page {page} holds more than {page_cap:,} {what}")
    if n_doc > doc_cap:
        return PdfLimit(f"PDF holds more than {doc_cap:,} {what} (the limit for one document)")
    return None


@contextlib.contextmanager
def bounded() -> Iterator[None]:
    """pdfminer and pdfplumber, within this block, stop at the limits of readers.limits."""
    import pdfminer.pdfinterp as pdfinterp
    import pdfminer.pdftypes as pdftypes
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent as Device

    counts = _Counts()
    zlib_shim = SimpleNamespace(decompress=lambda data, *a, **k: _inflate(counts, data),
                                decompressobj=lambda *a, **k: _CountedDecompressor(counts), error=zlib.error)
    ascii85, asciihex, ccitt = pdftypes.ascii85decode, pdftypes.asciihexdecode, pdftypes.ccittfaxdecode
    render_char, paint_path = Device.render_char, Device.paint_path
    do_form, process_page = PDFPageInterpreter.do_Do, PDFPageInterpreter.process_page
    content_parser = pdfinterp.PDFContentParser

    class CountedParser(content_parser):  # type: ignore[misc,valid-type]
        """pdfminer's content-stream parser, every token counted (one parser per stream run)."""

        def nextobject(self):  # type: ignore[no-untyped-def]
            counts.page_tokens += 1
            counts.tokens += 1
            hit = _over(counts.page_tokens, counts.tokens, limits.MAX_PDF_TOKENS_PER_PAGE, limits.MAX_PDF_TOKENS,
                        "content-stream operations and operands", counts.page)
            if hit is not None:
                raise hit
            return super().nextobject()

    def page(self, page_obj: object) -> None:
        counts.page = getattr(self.device, "pageno", "?")
        counts.page_tokens = counts.page_paths = 0
        process_page(self, page_obj)

    def path(self, *args: object, **kwargs: object) -> None:
        counts.page_paths += 1
        counts.paths += 1
        hit = _over(counts.page_paths, counts.paths, limits.MAX_PDF_PATHS_PER_PAGE, limits.MAX_PDF_PATHS,
                    "drawn lines and shapes", counts.page)
        if hit is not None:
            raise hit
        paint_path(self, *args, **kwargs)

    def counted(decode):  # decoders whose output is at most a few times their input: counted after
        def run(*args: object) -> bytes:
            out = decode(*args)
            counts.take(len(out))
            return out
        return run

    def char(self, *args: object, **kwargs: object) -> float:
        n = self.__dict__.get("_govstats_chars", 0) + 1  # per page: pdfplumber makes one device per page
        self._govstats_chars = n
        if n > limits.MAX_PDF_CHARS_PER_PAGE:
            raise PdfLimit(f"PDF page {self.pageno} holds more than {limits.MAX_PDF_CHARS_PER_PAGE:,} characters")
        counts.chars += 1
        if counts.chars > limits.MAX_PDF_CHARS:
            raise PdfLimit(f"PDF holds more than {limits.MAX_PDF_CHARS:,} characters (the limit for one document)")
        return render_char(self, *args, **kwargs)

    def draw(self, xobjid: object) -> None:
        device = self.device  # shared by the sub-interpreters of nested forms
        n = device.__dict__.get("_govstats_draws", 0) + 1
        device._govstats_draws = n
        if n > limits.MAX_PDF_FORM_DRAWS:
            raise PdfLimit(f"PDF page {getattr(device, 'pageno', '?')} draws more than "
                           f"{limits.MAX_PDF_FORM_DRAWS:,} form XObjects (nested forms)")
        do_form(self, xobjid)

    saved = {name: getattr(pdftypes, name) for name in
             ("zlib", "lzwdecode", "rldecode", "ascii85decode", "asciihexdecode", "ccittfaxdecode")}
    try:
        pdftypes.zlib = zlib_shim  # type: ignore[assignment]
        pdftypes.lzwdecode = lambda data: _lzw(counts, data)
        pdftypes.rldecode = lambda data: _runlength(counts, data)
        pdftypes.ascii85decode = counted(ascii85)
        pdftypes.asciihexdecode = counted(asciihex)
        pdftypes.ccittfaxdecode = counted(ccitt)
        pdfinterp.PDFContentParser = CountedParser  # type: ignore[misc]
        Device.render_char = char  # type: ignore[method-assign]
        Device.paint_path = path  # type: ignore[method-assign]
        PDFPageInterpreter.do_Do = draw  # type: ignore[method-assign]
        PDFPageInterpreter.process_page = page  # type: ignore[method-assign]
        yield
    finally:
        for name, value in saved.items():
            setattr(pdftypes, name, value)
        pdfinterp.PDFContentParser = content_parser  # type: ignore[misc]
        Device.render_char = render_char  # type: ignore[method-assign]
        Device.paint_path = paint_path  # type: ignore[method-assign]
        PDFPageInterpreter.do_Do = do_form  # type: ignore[method-assign]
        PDFPageInterpreter.process_page = process_page  # type: ignore[method-assign]
