#pragma once

#include "storeresult.h"

#include <QObject>
#include <QThreadPool>

#include <functional>

namespace confab::relay {

class EventStore;

// Creates users and checks their passwords. Argon2id is slow on purpose (tens of milliseconds),
// so verification runs on a private thread pool and the event loop keeps serving everyone else;
// the store is only touched on the caller's thread.
class Authenticator : public QObject
{
    Q_OBJECT

public:
    explicit Authenticator(EventStore &store, QObject *parent = nullptr);
    ~Authenticator() override; // waits for running verifications

    // Hashes the password and stores the user. false: the user already existed.
    StoreResult<bool> addUser(const QString &name, const QString &password);

    // Checks a password and calls `done(true|false)` on `context`'s thread, unless `context` is
    // gone by then. An unknown user costs the same as a wrong password and gives the same answer.
    void verify(const QString &name, const QString &password, QObject *context,
                std::function<void(bool accepted)> done);

private:
    EventStore &m_store;
    QThreadPool m_pool;
};

} // namespace confab::relay
