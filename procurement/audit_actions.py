"""The audit actions of procurement requests, gate acceptances, decisions and vendor questionnaires."""

from __future__ import annotations

from core.audit_actions import object_page, register_action

REQUEST_PAGE = object_page("procurement:request_detail")

REQUEST_CREATED = register_action("procurement.procurement_request.created", "Opened {object}", link=REQUEST_PAGE)
REQUEST_DECIDED = register_action("procurement.procurement_request.decided", "Decided {object}", link=REQUEST_PAGE)
ACCEPTANCE_RECORDED = register_action("procurement.gate_acceptance.recorded", "Accepted a risk blocking {object}")
ACCEPTANCE_CONFIRMED = register_action(
    "procurement.gate_acceptance.confirmed", "Confirmed, as second person, a risk accepted on {object}"
)
ANSWERS_SAVED = register_action("procurement.vendor_answers.saved", "Recorded the questionnaire answers of {object}")
ANSWERS_IMPORTED = register_action(
    "procurement.vendor_answers.imported", "Imported the questionnaire answers of {object} from a spreadsheet"
)
