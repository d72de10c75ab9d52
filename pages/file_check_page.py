"""ファイルの確認: upload a candidate 支援自治体一覧 and see every problem and a preview. Nothing is written to data/:
the uploaded bytes stay in this session's memory, and publishing stays `make add-year` (README)."""
import streamlit as st

from dashboard import file_check
from dashboard.render import page

ctx = page.context(st.session_state["filters"])
t = ctx.t


def headed(df):
    """The frame with its columns named in the UI language (uploaded values shown as data, never as markdown)."""
    return df.rename(columns={c: t(f"file_check.col_{c}") for c in df.columns})


page.header(t("page.file_check.title"), ctx, lead=t("page.file_check.lead"),
            note_key="page.file_check.not_filtered")
st.markdown(t("file_check.limits", **file_check.LIMITS))
upload = st.file_uploader(t("file_check.upload_label"), type=["xlsx", "csv"], key="file_check_upload",
                          help=t("file_check.upload_help"), max_upload_size=file_check.MAX_UPLOAD_MB)
as_of = st.date_input(t("file_check.as_of_label"), value=None, help=t("file_check.as_of_help"))
counts = st.text_input(t("file_check.counts_label"), help=t("file_check.counts_help"), placeholder="R5=6")
if upload is not None:
    report = file_check.check(upload.getvalue(), upload.name, as_of=as_of, counts_text=counts)
    result = report.result
    if result is not None:
        st.caption(t("file_check.read_as", kind=result.file_kind or "-", encoding=result.encoding or "-",
                     sheet=result.sheet or "-", rows=len(result.rows)))
    if report.ok:
        st.success(t("file_check.no_problems", rows=len(result.rows)), icon=":material/check_circle:")
    else:
        st.warning(t("file_check.problems", count=len(report.problems)), icon=":material/error:")
        st.dataframe(headed(report.problems),
                     hide_index=True, width="stretch", key="file_check_problems")
    if not report.years.empty:
        st.subheader(t("file_check.preview_title"))
        st.caption(t("file_check.preview_note", base=report.base_as_of)
                   + ("" if report.ok else " " + t("file_check.preview_partial")))
        cols = st.columns(3)
        for column, metric in zip(cols, ("selected_total", "supported_total", "ended_total")):
            value = report.totals.get(metric)
            column.metric(t(f"file_check.{metric}"), t("file_check.projects", count=value) if value is not None else "—")
        st.dataframe(headed(report.years),
                     hide_index=True, width="stretch", key="file_check_years")
        st.markdown(t("file_check.ending", count=len(report.ending)))
        if not report.ending.empty:
            st.dataframe(headed(report.ending),
                         hide_index=True, width="stretch", key="file_check_ending")
st.caption(t("file_check.publish_hint"))
