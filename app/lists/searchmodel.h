#pragma once

#include "syncedlistmodel.h"

#include "client/store/storedrecords.h"

#include <QPointer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace confab::client {
class Account;
}

namespace confab::app {

// Full-text search over one account's local store (messages and notifications), best match first.
// The query runs as it is set (the store's FTS5 index answers in milliseconds and treats any input
// as plain words); snippets are HTML-escaped with the matched words in bold, so whatever people
// wrote shows as text.
class SearchModel : public SyncedListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("SearchModel is created by AppViewModel")
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool searching READ searching NOTIFY searchingChanged)

public:
    enum Role {
        KindRole = Qt::UserRole + 1,
        StreamRole,
        StreamNameRole,
        SeqRole,
        SenderRole,
        TimeRole,
        SnippetHtmlRole,
    };
    Q_ENUM(Role)

    static constexpr int kLimit = 50;

    explicit SearchModel(QObject *parent = nullptr);
    ~SearchModel() override;

    void setAccount(client::Account *account);
    QString query() const { return m_query; }
    void setQuery(const QString &query);
    // The store answers synchronously: true only while a search runs (for a busy indicator when
    // the search moves off the UI thread).
    bool searching() const { return m_searching; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // {kind: "message"|"notification", stream, seq}; empty for a bad row.
    Q_INVOKABLE QVariantMap resultAt(int row) const;

    // The store's snippet (matches between \x02 and \x03) as safe HTML with <b> around matches.
    static QString snippetToHtml(const QString &snippet);

Q_SIGNALS:
    void queryChanged();
    void countChanged();
    void searchingChanged();

private:
    void run();

    QPointer<client::Account> m_account;
    QString m_query;
    QList<client::SearchHit> m_rows;
    bool m_searching = false;
};

} // namespace confab::app
