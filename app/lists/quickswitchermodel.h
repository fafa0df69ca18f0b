#pragma once

#include "syncedlistmodel.h"

#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace confab::client {
class Account;
class AccountManager;
} // namespace confab::client

namespace confab::app {

// The quick switcher (Ctrl+K): the streams of every account whose name matches what the user
// typed, best first (a prefix beats the start of a word, which beats letters in order anywhere;
// then streams with unread messages, then by name), at most 20. An empty filter lists the streams
// with unread messages first.
class QuickSwitcherModel : public SyncedListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("QuickSwitcherModel is created by AppViewModel")
    Q_PROPERTY(QString filter READ filter WRITE setFilter NOTIFY filterChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        StreamIdRole = Qt::UserRole + 1,
        KindRole,
        DisplayNameRole,
        AccountIdRole,
        AccountNameRole,
        UnreadRole,
    };
    Q_ENUM(Role)

    static constexpr int kMaxRows = 20;

    explicit QuickSwitcherModel(QObject *parent = nullptr);
    ~QuickSwitcherModel() override;

    void setAccountManager(client::AccountManager *manager);
    QString filter() const { return m_filter; }
    void setFilter(const QString &filter);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE QString streamAt(int row) const;
    Q_INVOKABLE QString accountAt(int row) const;

    // How well `name` matches `filter`: 0 prefix, 1 start of a word, 2 letters in order, -1 none
    // (case-insensitive).
    static int matchRank(const QString &name, const QString &filter);

Q_SIGNALS:
    void filterChanged();
    void countChanged();

private:
    struct Row {
        QString stream;
        QString kind;
        QString displayName;
        QString accountId;
        QString accountName;
        int unread = 0;
        friend bool operator==(const Row &, const Row &) = default;
    };

    void watch(client::Account *account);
    void scheduleRebuild();
    void rebuild();

    QPointer<client::AccountManager> m_manager;
    QList<QMetaObject::Connection> m_connections;
    QList<Row> m_rows;
    QString m_filter;
    bool m_rebuildQueued = false;
};

} // namespace confab::app
