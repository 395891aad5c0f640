"""The office's own settings for its drafts: 发文机关, 文号, 主送, 抄送, 印发机关 (GB/T 9704 版头 and 版记).

They come, in this order of precedence, from the command's options, from a small YAML file the
office keeps (``--office FILE``, else ``<project>/drafts/office.yml`` when it exists), from what the
source bulletin printed (its issuer and 文号), and from defaults by the region. The YAML uses the
Chinese names the offices use::

    发文机关: 咸阳市人民政府办公室
    发文机关标志: 咸阳市人民政府办公室文件   # the red 版头; default: 发文机关
    文号: 咸政办发〔2025〕12号
    主送: 各县市区人民政府，市政府各工作部门、直属机构：
    抄送: 市委办公室，市人大常委会办公室，市政协办公室。
    印发机关: 咸阳市人民政府办公室         # default: 发文机关
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from govstats.errors import GovstatsError

#: YAML key -> Office field
YAML_KEYS = {"发文机关": "issuer", "发文机关标志": "mark", "文号": "doc_number", "主送": "addressees",
             "抄送": "cc", "印发机关": "printer"}
MAX_VALUE_CHARS = 500  # a 抄送 line of 40 offices is ~400 characters


@dataclass
class Office:
    """Settings of the issuing office; None means "not set here" (a lower layer or the default applies)."""

    issuer: str | None = None
    mark: str | None = None
    doc_number: str | None = None
    addressees: str | None = None
    cc: str | None = None
    printer: str | None = None

    def over(self, lower: Office) -> Office:
        """These settings, with lower's where these are not set."""
        return Office(**{f.name: getattr(self, f.name) or getattr(lower, f.name) for f in fields(self)})


def default_office_file() -> Path:
    """<project>/drafts/office.yml: where an office keeps its settings (read only when it exists)."""
    from govstats import paths

    return paths.project_root() / "drafts" / "office.yml"


def load_office(path: str | Path) -> Office:
    """The settings of an office YAML file; GovstatsError (one line, naming the file) when it is not one."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GovstatsError(f"{path}: office settings file does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GovstatsError(f"{path}: cannot read the office settings ({getattr(exc, 'strerror', None) or exc})") \
            from None
    if len(text) > 100_000:
        raise GovstatsError(f"{path}: office settings file is larger than 100 kB; not a settings file")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise GovstatsError(f"{path}: not valid YAML{where}") from None
    if data is None:
        return Office()
    if not isinstance(data, dict):
        raise GovstatsError(f"{path}: office settings must be a mapping of {'/'.join(YAML_KEYS)}")
    unknown = [str(k) for k in data if k not in YAML_KEYS]
    if unknown:
        raise GovstatsError(f"{path}: unknown key(s) {', '.join(unknown)}; known: {', '.join(YAML_KEYS)}")
    out = Office()
    for key, value in data.items():
        if value is None:
            continue
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise GovstatsError(f"{path}: {key} must be text, not {type(value).__name__}")
        value = " ".join(str(value).split())
        if len(value) > MAX_VALUE_CHARS:
            raise GovstatsError(f"{path}: {key} is longer than {MAX_VALUE_CHARS} characters")
        setattr(out, YAML_KEYS[key], value or None)
    return out
