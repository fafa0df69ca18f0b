#pragma once

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

namespace confab::protocol {
struct Member;
struct Message;
struct Streams;
} // namespace confab::protocol

namespace confab::client {
class Account;
}

namespace confab::app {

// Keeps an account subscribed to every room and direct conversation its user is a member of, so
// that a room somebody added us to, or a dm somebody opened with us from another machine, shows
// up in the sidebar without the user doing anything. On every authenticated connection it asks
// the relay for the stream list and subscribes the member rooms and dms the store does not know
// yet; between connections it follows the membership events in user:<me> (and any event of a
// stream it has never seen). Topics are left alone: every topic is readable, the user picks.
// One per account; the integrator creates it beside the account (parented to it).
class MembershipSync : public QObject
{
    Q_OBJECT

public:
    explicit MembershipSync(client::Account *account, QObject *parent = nullptr);

    // Asks the relay for the stream list now (also done on each connection).
    void refresh();

Q_SIGNALS:
    // A stream was subscribed because the user is a member of it.
    void streamAdded(const QString &stream);

private:
    void onStreams(const protocol::Streams &streams);
    void onMember(const protocol::Member &member);
    void adopt(const QString &stream);

    QPointer<client::Account> m_account;
    QSet<QString> m_requests; // list_streams ids of ours
    QSet<QString> m_adopted;  // subscribed by us (the store knows them once the relay answers)
};

} // namespace confab::app
