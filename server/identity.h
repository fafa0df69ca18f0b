#pragma once

#include "accountstore.h"

#include <QString>

#include <optional>

namespace confab::relay {

// Who a session is, as learnt at login: the user and role, and the token it logged in with (if
// any). An API-token session acts for its user but only within the token's scopes.
struct Identity {
    QString user = {};
    Role role = Role::User;
    QString tokenId = {};                 // empty for a password login without new_token
    std::optional<TokenKind> tokenKind = {};
    std::optional<qint64> tokenExpires = {}; // the session closes when it passes
    QList<TokenScope> scopes = {};           // API tokens

    bool isApiToken() const { return tokenKind == TokenKind::Api; }
    bool isAdmin() const { return role == Role::Admin && !isApiToken(); }
};

} // namespace confab::relay
