"""The heart of the portal in a real browser: a resident reports with a photo, staff close it with an
"after" photo, the resident says "not fixed", and the report is open again in the staff queue."""

from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import SLOW, click, file_report, go, open_case, settle, signed_in

pytestmark = pytest.mark.e2e


def photo(path, colour) -> str:
    out = BytesIO()
    Image.new("RGB", (120, 90), colour).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def test_report_fix_and_not_fixed_reopens(browser, app_url, tmp_path):
    resident = signed_in(browser, app_url, "demo-resident")
    public_id = file_report(resident, "Deep pothole in the road outside the school",
                            photo(tmp_path / "before.jpg", (90, 90, 90)))

    staff = signed_in(browser, app_url, "demo-staff")
    go(staff, "Staff queue", "Staff queue")
    open_case(staff, public_id)
    staff.get_by_role("tab", name="Close").click()
    staff.get_by_label("How was it resolved?").fill("Patched with hot asphalt")
    staff.locator("input[type=file]").last.set_input_files(photo(tmp_path / "after.jpg", (20, 20, 20)))
    expect(staff.get_by_text("after.jpg")).to_be_visible(timeout=SLOW)
    settle(staff)
    click(staff, "Close report")
    expect(staff.get_by_text(f"{public_id} closed.")).to_be_visible(timeout=SLOW)

    go(resident, "My reports", "My reports")
    expect(resident.get_by_text("Is it really fixed?")).to_be_visible(timeout=SLOW)
    resident.get_by_text("poor").click()
    resident.get_by_text("Not fixed", exact=True).click()
    resident.get_by_label("Anything staff should know?").fill("The hole is back after the rain")
    click(resident, "Send")
    expect(resident.get_by_text("The reporter says it is not fixed")).to_be_attached(timeout=SLOW)

    go(staff, "Staff queue", "Staff queue")
    open_case(staff, public_id)
    expect(staff.get_by_text("The reporter says it is not fixed").first).to_be_attached(timeout=SLOW)
    for page in (resident, staff):
        expect(page.get_by_test_id("stException")).to_have_count(0)
