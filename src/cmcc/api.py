"""The REST API under /api/v1/: one NinjaAPI, one router per app, errors mapped in one place."""

from ninja import NinjaAPI

from cmcc.accounts.auth import request_auth
from cmcc.core.api_base import install_error_handlers

api = NinjaAPI(
    title="cmcc API",
    version="1",
    description=(
        "The API of a Civil-Military Coordination Center. Authenticate with "
        "`Authorization: Bearer <token>` (create one with `cmcc token create USERNAME` or on your "
        "account page). Every list and detail is filtered by what your organisation may see; "
        "a record you may not see answers 404, exactly like a missing one."
    ),
    auth=request_auth,
    urls_namespace="api",
)
install_error_handlers(api)

from cmcc.compliance.api import router as compliance_router  # noqa: E402
from cmcc.coordination.api import router as coordination_router  # noqa: E402
from cmcc.core.api import router as core_router  # noqa: E402
from cmcc.logistics.api import router as logistics_router  # noqa: E402
from cmcc.movements.api import router as movements_router  # noqa: E402
from cmcc.partners.api import router as partners_router  # noqa: E402

api.add_router("/", core_router)
api.add_router("/partners", partners_router)
api.add_router("/coordination", coordination_router)
api.add_router("/logistics", logistics_router)
api.add_router("/movements", movements_router)
api.add_router("/compliance", compliance_router)
