#include "relayfixture.h"

#include "authenticator.h"
#include "eventstore.h"

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace confab::relay;

bool RelayFixture::start(const std::function<void(RelayConfig &)> &tweak)
{
    if (!m_dir.isValid() || !startRelay(tweak))
        return false;
    EventStore &store = *m_relay->store();
    for (const QString &user : { u"alice"_s, u"bob"_s, u"carol"_s }) {
        if (!m_relay->authenticator()->addUser(user, passwordOf(user)).ok()) {
            m_error = u"cannot add "_s + user;
            return false;
        }
    }
    const bool ok = store.createStream(NewStream { u"room:general"_s, {}, u"General"_s, {} }).ok()
        && store.setMember(u"room:general"_s, u"alice"_s, MemberState::Joined).ok()
        && store.setMember(u"room:general"_s, u"bob"_s, MemberState::Joined).ok()
        && store.createStream(u"topic:alerts"_s).ok();
    if (!ok)
        m_error = u"cannot create the streams"_s;
    return ok;
}

bool RelayFixture::restart(const std::function<void(RelayConfig &)> &tweak)
{
    stop();
    return startRelay(tweak);
}

void RelayFixture::stop()
{
    m_relay.reset();
}

bool RelayFixture::startRelay(const std::function<void(RelayConfig &)> &tweak)
{
    RelayConfig config;
    config.dataDir = m_dir.path();
    config.port = 0;
    config.authTimeout = std::chrono::milliseconds(5000);
    // The protocol tests publish as ordinary users: topics without ACL entries are open to them.
    config.defaultTopicAccess = RelayConfig::TopicAccess::ReadWrite;
    if (tweak)
        tweak(config);
    m_relay = std::make_unique<Relay>(config);
    if (!m_relay->start()) {
        m_error = m_relay->errorString();
        return false;
    }
    return true;
}

QString RelayFixture::passwordOf(const QString &user)
{
    QString reversed = user + u"-pw"_s;
    std::reverse(reversed.begin(), reversed.end());
    return reversed;
}

std::unique_ptr<RawClient> RelayFixture::login(const QString &user)
{
    auto client = std::make_unique<RawClient>();
    if (!client->login(url(), user, passwordOf(user)))
        return nullptr;
    return client;
}
