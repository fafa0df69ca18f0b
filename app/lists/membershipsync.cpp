#include "membershipsync.h"

#include "client/account/account.h"
#include "client/store/localstore.h"
#include "protocol/streamid.h"

namespace confab::app {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;

MembershipSync::MembershipSync(client::Account *account, QObject *parent)
    : QObject(parent), m_account(account)
{
    if (!account)
        return;
    client::ClientEngine *engine = account->engine();
    connect(engine, &client::ClientEngine::authenticated, this, &MembershipSync::refresh);
    connect(engine, &client::ClientEngine::streamsReceived, this, &MembershipSync::onStreams);
    connect(engine, &client::ClientEngine::memberChanged, this, &MembershipSync::onMember);
    connect(engine, &client::ClientEngine::messageReceived, this,
        [this](const proto::Message &message) { adopt(message.stream); });
    if (engine->state() == client::ClientEngine::State::Connected)
        refresh();
}

void MembershipSync::refresh()
{
    if (!m_account || m_account->engine()->state() != client::ClientEngine::State::Connected)
        return;
    m_requests.insert(m_account->engine()->listStreams());
}

void MembershipSync::onStreams(const proto::Streams &streams)
{
    // Another component's list_streams (e.g. a "browse rooms" dialog) says the same truth: use it.
    m_requests.remove(streams.id);
    for (const proto::StreamSummary &summary : streams.streams) {
        if (!summary.member)
            continue; // a public room not joined
        if (summary.kind == proto::StreamKind::Room || summary.kind == proto::StreamKind::Dm)
            adopt(summary.stream);
    }
}

void MembershipSync::onMember(const proto::Member &member)
{
    if (!m_account)
        return;
    const QString me = m_account->settings().username;
    // Our own copy of a membership change (in user:<me>): we were added to a room or a dm.
    if (member.stream != proto::userStreamId(me) || member.user != me)
        return;
    if (member.action == proto::MemberAction::Joined)
        adopt(member.targetStream);
}

void MembershipSync::adopt(const QString &stream)
{
    if (!m_account || m_adopted.contains(stream))
        return;
    const std::optional<proto::StreamKind> kind = proto::streamKindOf(stream);
    if (!kind || (*kind != proto::StreamKind::Room && *kind != proto::StreamKind::Dm))
        return;
    if (m_account->store()->cursor(stream))
        return; // subscribed already (the account resubscribes known streams by itself)
    if (m_account->subscribe(stream).isEmpty())
        return;
    m_adopted.insert(stream);
    Q_EMIT streamAdded(stream);
}

} // namespace confab::app
