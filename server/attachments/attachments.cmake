# Sources of confab_relay owned by helper E (issue 7). Paths relative to server/.
target_sources(confab_relay PRIVATE
    attachments/attachmentstore.cpp attachments/attachmentstore.h
    attachments/attachmenttype.cpp attachments/attachmenttype.h
    httpapi/attachmentendpoint.cpp httpapi/attachmentendpoint.h
)
