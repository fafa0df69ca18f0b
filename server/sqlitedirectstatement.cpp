#include "sqlitedirectstatement.h"

#include <sqlite3.h>

namespace confab::relay {

using namespace Qt::StringLiterals;

SqliteDirectStatement::SqliteDirectStatement(sqlite3 *db, const char *sql) : m_db(db)
{
    if (!db) {
        m_error = u"no SQLite connection of the library this program uses (QtSql's driver may carry its own)"_s;
        return;
    }
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr) != SQLITE_OK) {
        fail();
        sqlite3_finalize(m_statement);
        m_statement = nullptr;
    }
}

SqliteDirectStatement::~SqliteDirectStatement()
{
    sqlite3_finalize(m_statement);
}

void SqliteDirectStatement::bindInt(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteDirectStatement::bindOptionalInt(int index, const std::optional<qint64> &value)
{
    if (value)
        sqlite3_bind_int64(m_statement, index, *value);
    else
        sqlite3_bind_null(m_statement, index);
}

void SqliteDirectStatement::bindText(int index, QStringView text, bool copy)
{
    // A null QString has no data: bind '' (QtSql bound NULL for a null QString; the relay's
    // columns given plain text here are NOT NULL, where '' is what an empty value means).
    static const char16_t empty = 0;
    const void *data = text.isNull() ? static_cast<const void *>(&empty) : static_cast<const void *>(text.utf16());
    sqlite3_bind_text16(m_statement, index, data, int(text.size() * sizeof(char16_t)),
        copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

void SqliteDirectStatement::bindTextOrNull(int index, QStringView text)
{
    if (text.isEmpty())
        sqlite3_bind_null(m_statement, index);
    else
        bindText(index, text);
}

void SqliteDirectStatement::bindBlob(int index, const QByteArray &bytes, bool copy)
{
    static const char empty = 0;
    const void *data = bytes.isNull() ? static_cast<const void *>(&empty) : static_cast<const void *>(bytes.constData());
    sqlite3_bind_blob(m_statement, index, data, int(bytes.size()), copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

void SqliteDirectStatement::bind(int index, const QVariant &value)
{
    if (value.isNull()) {
        sqlite3_bind_null(m_statement, index);
        return;
    }
    // Copied: the QVariants a caller passes may be temporaries.
    switch (value.typeId()) {
    case QMetaType::QString:
        bindText(index, *static_cast<const QString *>(value.constData()), true);
        break;
    case QMetaType::QByteArray:
        bindBlob(index, *static_cast<const QByteArray *>(value.constData()), true);
        break;
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        bindInt(index, value.toLongLong());
        break;
    default:
        // Not needed yet: a NULL would store the wrong thing silently, so the statement fails.
        m_error = u"cannot bind a value of type %1"_s.arg(QString::fromLatin1(value.typeName()));
        sqlite3_bind_null(m_statement, index);
        m_unbindable = true;
    }
}

bool SqliteDirectStatement::run()
{
    if (refuseUnbindable())
        return false;
    m_error.clear();
    int result = sqlite3_step(m_statement);
    while (result == SQLITE_ROW) // RETURNING or a SELECT run for its effect: read to the end
        result = sqlite3_step(m_statement);
    const bool ok = result == SQLITE_DONE;
    if (!ok)
        fail();
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    return ok;
}

bool SqliteDirectStatement::next()
{
    if (refuseUnbindable())
        return false;
    m_error.clear();
    const int result = sqlite3_step(m_statement);
    if (result == SQLITE_ROW)
        return true;
    if (result != SQLITE_DONE)
        fail();
    reset();
    return false;
}

qint64 SqliteDirectStatement::intColumn(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

QString SqliteDirectStatement::textColumn(int column) const
{
    const auto *text = static_cast<const char16_t *>(sqlite3_column_text16(m_statement, column));
    const int bytes = sqlite3_column_bytes16(m_statement, column);
    return text ? QString::fromUtf16(text, bytes / qsizetype(sizeof(char16_t))) : QString();
}

bool SqliteDirectStatement::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

std::optional<qint64> SqliteDirectStatement::optionalIntColumn(int column) const
{
    return isNull(column) ? std::nullopt : std::optional<qint64>(intColumn(column));
}

void SqliteDirectStatement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

bool SqliteDirectStatement::refuseUnbindable()
{
    if (!m_unbindable)
        return false;
    m_unbindable = false; // m_error says why
    reset();
    return true;
}

void SqliteDirectStatement::fail()
{
    m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
}

} // namespace confab::relay
