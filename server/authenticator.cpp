#include "authenticator.h"

#include "eventstore.h"
#include "passwordhasher.h"
#include "relaylog.h"

#include <QPointer>

namespace confab::relay {

using namespace Qt::StringLiterals;

Authenticator::Authenticator(EventStore &store, QObject *parent) : QObject(parent), m_store(store)
{
    // Each verification holds 19 MiB: bound the pool so a login burst cannot exhaust memory.
    m_pool.setMaxThreadCount(qBound(1, QThread::idealThreadCount(), 4));
}

Authenticator::~Authenticator()
{
    m_pool.waitForDone();
}

StoreResult<bool> Authenticator::addUser(const QString &name, const QString &password)
{
    const std::optional<QByteArray> hash = PasswordHasher::hash(password);
    if (!hash)
        return StoreError{u"hashing the password failed"_s};
    return m_store.addUser(name, *hash);
}

void Authenticator::verify(const QString &name, const QString &password, QObject *context,
                           std::function<void(bool accepted)> done)
{
    const StoreResult<std::optional<QByteArray>> stored = m_store.passwordHash(name);
    if (!stored.ok()) {
        qCWarning(lcRelay).noquote() << "cannot read user" << name << ":" << stored.error().message;
    }
    const bool known = stored.ok() && stored.value().has_value();
    const QByteArray hash = known ? *stored.value() : QByteArray();

    QPointer<QObject> guard(context);
    m_pool.start([this, hash, known, password, guard = std::move(guard), done = std::move(done)]() mutable {
        const bool matches = known ? PasswordHasher::verify(hash, password)
                                   : (PasswordHasher::verify(PasswordHasher::dummyHash(), password), false);
        // Back to the relay's thread through `this`, which outlives every task (the destructor
        // waits); the context is only looked at there, where it lives.
        QMetaObject::invokeMethod(
            this,
            [guard = std::move(guard), done = std::move(done), matches] {
                if (guard)
                    done(matches);
            },
            Qt::QueuedConnection);
    });
}

} // namespace confab::relay
