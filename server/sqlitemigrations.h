#pragma once

#include "storeresult.h"

#include <QSqlDatabase>

#include <optional>

namespace confab::relay {

// The SQLite schema's history. Each migration brings the schema from the previous version to its
// own inside one transaction, and the list is append-only: a released migration is never edited,
// a change is a new entry. A fresh database runs them all, so the upgrade path is exercised
// every time.
//
// Version 1 (walking skeleton): users, streams, events with the message text.
// Version 2 (issue 3): users.last_seen; streams gain visibility, title, first_seq, created_by;
// events hold any event type with its encoded frame, target and expiry (v1 messages are encoded
// into frames); members, read_markers, scheduled.
// Version 3 (issue 4): users.role; tokens (only SHA-256 of each secret), token_scopes, topic_acl.
// Version 4 (issue 7): attachments (metadata of uploaded files; the bytes are files beside relay.db).
class SqliteMigrations
{
public:
    static constexpr int kLatestVersion = 4;

    // Brings `db` to kLatestVersion. Refuses, with a message saying so, a database written by a
    // newer relay.
    static std::optional<StoreError> migrate(QSqlDatabase &db);
};

} // namespace confab::relay
