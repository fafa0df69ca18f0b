#pragma once

#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace confab::client {

// The local store's schema and its migrations. PRAGMA user_version holds the version; each
// migration takes the file one version forward inside a transaction, so an interrupted upgrade
// leaves the previous version intact. A file from a newer Confab is refused rather than guessed at.
class StoreSchema
{
public:
    static int currentVersion();
    // Reads the file's version before anything is written to it: refuses a damaged or foreign
    // file and one from a newer Confab. nullopt when migrate() may go ahead.
    static std::optional<QString> check(QSqlDatabase &db, const QString &path);
    // Brings `db` (already open and configured) to currentVersion(); nullopt on success, else
    // the reason in plain words. `path` only names the file in messages.
    static std::optional<QString> migrate(QSqlDatabase &db, const QString &path);
};

} // namespace confab::client
