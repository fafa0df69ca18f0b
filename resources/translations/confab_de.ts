<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name>AccountMenuDelegate</name>
    <message numerus="yes">
        <location filename="../../qml/delegates/AccountMenuDelegate.qml" line="+20" />
        <source>%1, %n unread</source>
        <translation><numerusform>%1, %n ungelesen</numerusform><numerusform>%1, %n ungelesen</numerusform></translation>
    </message>
</context>
<context>
    <name>AccountSettingsDelegate</name>
    <message>
        <location filename="../../qml/delegates/AccountSettingsDelegate.qml" line="+37" />
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sign out of %1</source>
        <translation>Von %1 abmelden</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Remove…</source>
        <translation>Entfernen…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
</context>
<context>
    <name>AccountSwitcher</name>
    <message>
        <location filename="../../qml/components/AccountSwitcher.qml" line="+44" />
        <source>Account %1 on %2</source>
        <translation>Konto %1 auf %2</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Switch account, add an account or open the settings</source>
        <translation>Konto wechseln, Konto hinzufügen oder Einstellungen öffnen</translation>
    </message>
    <message>
        <location line="+19" />
        <source>No account</source>
        <translation>Kein Konto</translation>
    </message>
    <message>
        <location line="+61" />
        <source>Add account…</source>
        <translation>Konto hinzufügen…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Add account</source>
        <translation>Konto hinzufügen</translation>
    </message>
    <message>
        <location line="+9" />
        <location line="+1" />
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
</context>
<context>
    <name>AccountsSettings</name>
    <message>
        <location filename="../../qml/components/settings/AccountsSettings.qml" line="+18" />
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Add account…</source>
        <translation>Konto hinzufügen…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Add account</source>
        <translation>Konto hinzufügen</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Remove %1?</source>
        <translation>%1 entfernen?</translation>
    </message>
    <message>
        <location line="+14" />
        <source>You will be signed out and the account disappears from Confab.</source>
        <translation>Sie werden abgemeldet und das Konto verschwindet aus Confab.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Also delete its messages and notifications stored on this computer</source>
        <translation>Auch die auf diesem Computer gespeicherten Nachrichten und Benachrichtigungen löschen</translation>
    </message>
</context>
<context>
    <name>AppearanceSettings</name>
    <message>
        <location filename="../../qml/components/settings/AppearanceSettings.qml" line="+13" />
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Theme: follow the system</source>
        <translation>Farbschema: wie das System</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Theme: light</source>
        <translation>Farbschema: hell</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Theme: dark</source>
        <translation>Farbschema: dunkel</translation>
    </message>
    <message>
        <location line="+9" />
        <location line="+12" />
        <source>Text size</source>
        <translation>Textgröße</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>Autostart</name>
    <message>
        <location filename="../../app/platform/autostart_linux.cpp" line="+107" />
        <source>Cannot start Confab on login: its program path contains a line break.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+5" />
        <source>Cannot start Confab on login: %1 is a file, not a folder.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+4" />
        <location filename="../../app/platform/autostart_macos.cpp" line="+38" />
        <source>Cannot start Confab on login: the folder %1 could not be created.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+24" />
        <location line="+5" />
        <location filename="../../app/platform/autostart_macos.cpp" line="+25" />
        <source>Cannot start Confab on login: %1 could not be written (%2).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+12" />
        <location filename="../../app/platform/autostart_macos.cpp" line="-31" />
        <source>Cannot stop Confab from starting on login: %1 could not be removed (%2).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../app/platform/autostart_windows.cpp" line="+54" />
        <source>Cannot start Confab on login: the registry refused the change.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+2" />
        <source>Cannot stop Confab from starting on login: the registry refused the change.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Badge</name>
    <message numerus="yes">
        <location filename="../../qml/components/Badge.qml" line="+23" />
        <source>%n mention(s)</source>
        <translation><numerusform>%n Erwähnung</numerusform><numerusform>%n Erwähnungen</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+0" />
        <source>%n unread</source>
        <translation><numerusform>%n ungelesen</numerusform><numerusform>%n ungelesen</numerusform></translation>
    </message>
</context>
<context>
    <name>CertificatePrompt</name>
    <message>
        <location filename="../../qml/components/CertificatePrompt.qml" line="+29" />
        <source>Check this relay's certificate</source>
        <translation>Zertifikat dieses Relays prüfen</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Your system does not trust the certificate this relay presented. Only trust it if the fingerprint below matches the one your relay's administrator gave you.</source>
        <translation>Ihr System vertraut dem Zertifikat dieses Relays nicht. Vertrauen Sie ihm nur, wenn der Fingerabdruck unten mit dem übereinstimmt, den Sie von der Administration Ihres Relays erhalten haben.</translation>
    </message>
    <message>
        <location line="+28" />
        <source>Issued to</source>
        <translation>Ausgestellt für</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Issued by</source>
        <translation>Ausgestellt von</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <location line="+10" />
        <source>SHA-256 fingerprint</source>
        <translation>SHA-256-Fingerabdruck</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Fingerprint %1</source>
        <translation>Fingerabdruck %1</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Do not trust this certificate</source>
        <translation>Diesem Zertifikat nicht vertrauen</translation>
    </message>
    <message>
        <location line="+5" />
        <location line="+1" />
        <source>Trust this certificate</source>
        <translation>Diesem Zertifikat vertrauen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Remember this certificate for this relay and connect</source>
        <translation>Dieses Zertifikat für dieses Relay merken und verbinden</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../../qml/pages/ChatPage.qml" line="+69" />
        <source>Direct message</source>
        <translation>Direktnachricht</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Notification topic</source>
        <translation>Benachrichtigungsthema</translation>
    </message>
    <message>
        <location line="+1" />
        <source>1 member</source>
        <translation>1 Mitglied</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 members</source>
        <translation>%1 Mitglieder</translation>
    </message>
    <message>
        <location line="+49" />
        <source>Loading older messages</source>
        <translation>Ältere Nachrichten werden geladen</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Jump to the newest message</source>
        <translation>Zur neuesten Nachricht springen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Jump to the newest message (Ctrl+End)</source>
        <translation>Zur neuesten Nachricht springen (Strg+Ende)</translation>
    </message>
    <message>
        <location line="+11" />
        <source>No messages yet</source>
        <translation>Noch keine Nachrichten</translation>
    </message>
    <message>
        <location line="+0" />
        <source>No conversation open</source>
        <translation>Keine Unterhaltung geöffnet</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Messages in %1 will appear here.</source>
        <translation>Nachrichten in %1 erscheinen hier.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pick a room or a person in the sidebar.</source>
        <translation>Wählen Sie links einen Raum oder eine Person.</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Message %1</source>
        <translation>Nachricht an %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Topics receive notifications; publish with curl</source>
        <translation>Themen empfangen Benachrichtigungen; veröffentlichen mit curl</translation>
    </message>
    <message>
        <location line="+1" />
        <source>You cannot send messages here</source>
        <translation>Hier können Sie keine Nachrichten senden</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../qml/components/Composer.qml" line="+13" />
        <source>Write a message…</source>
        <translation>Nachricht schreiben…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>You cannot send messages here</source>
        <translation>Hier können Sie keine Nachrichten senden</translation>
    </message>
    <message>
        <location line="+93" />
        <source>Editing your message</source>
        <translation>Sie bearbeiten Ihre Nachricht</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Replying to</source>
        <translation>Antwort an</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Enter saves, Escape cancels</source>
        <translation>Eingabe speichert, Escape bricht ab</translation>
    </message>
    <message>
        <location line="+43" />
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Edit message</source>
        <translation>Nachricht bearbeiten</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Enter sends, Shift+Enter starts a new line, @ mentions someone</source>
        <translation>Eingabe sendet, Umschalt+Eingabe beginnt eine neue Zeile, @ erwähnt jemanden</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Save the edit</source>
        <translation>Änderung speichern</translation>
    </message>
    <message>
        <location line="-2" />
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Send message</source>
        <translation>Nachricht senden</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <location filename="../../qml/components/ConnectionBanner.qml" line="+50" />
        <source>Retry now</source>
        <translation>Jetzt erneut versuchen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Retry connecting now</source>
        <translation>Jetzt erneut verbinden</translation>
    </message>
</context>
<context>
    <name>ConnectionIndicator</name>
    <message>
        <location filename="../../qml/components/ConnectionIndicator.qml" line="+25" />
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reconnecting…</source>
        <translation>Verbinde erneut…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Connection: %1</source>
        <translation>Verbindung: %1</translation>
    </message>
</context>
<context>
    <name>DeleteMessageDialog</name>
    <message>
        <location filename="../../qml/components/DeleteMessageDialog.qml" line="+23" />
        <source>Delete this message?</source>
        <translation>Diese Nachricht löschen?</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="+6" />
        <source>It disappears for everyone in the conversation. This cannot be undone.</source>
        <translation>Sie verschwindet für alle in der Unterhaltung. Das kann nicht rückgängig gemacht werden.</translation>
    </message>
</context>
<context>
    <name>DoNotDisturbSettings</name>
    <message>
        <location filename="../../qml/components/settings/DoNotDisturbSettings.qml" line="+41" />
        <source>Do not disturb</source>
        <translation>Nicht stören</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No desktop notifications while do not disturb is on. Urgent notifications (priority 5) always come through.</source>
        <translation>Keine Desktop-Benachrichtigungen, solange „Nicht stören“ an ist. Dringende Benachrichtigungen (Priorität 5) kommen immer durch.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Do not disturb off</source>
        <translation>Nicht stören aus</translation>
    </message>
    <message>
        <location line="+5" />
        <source>On now, until I turn it off</source>
        <translation>Jetzt an, bis ich es ausschalte</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Do not disturb on now</source>
        <translation>Nicht stören jetzt an</translation>
    </message>
    <message>
        <location line="+7" />
        <source>On until</source>
        <translation>An bis</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Do not disturb until a time</source>
        <translation>Nicht stören bis zu einer Uhrzeit</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Do not disturb until</source>
        <translation>Nicht stören bis</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Every day from</source>
        <translation>Jeden Tag von</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Do not disturb on a daily schedule</source>
        <translation>Nicht stören nach täglichem Zeitplan</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Do not disturb from</source>
        <translation>Nicht stören von</translation>
    </message>
    <message>
        <location line="+4" />
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Do not disturb to</source>
        <translation>Nicht stören bis</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Do not disturb is on now.</source>
        <translation>Nicht stören ist jetzt an.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Do not disturb is off now.</source>
        <translation>Nicht stören ist jetzt aus.</translation>
    </message>
</context>
<context>
    <name>EmptyChatState</name>
    <message>
        <location filename="../../qml/components/EmptyChatState.qml" line="+22" />
        <source>No conversation open</source>
        <translation>Keine Unterhaltung geöffnet</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Pick one in the sidebar, or press Ctrl+K to jump to any room, person or topic.</source>
        <translation>Wählen Sie eine links aus oder springen Sie mit Strg+K zu einem Raum, einer Person oder einem Thema.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Jump to a conversation…</source>
        <translation>Zu einer Unterhaltung springen…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Jump to a conversation</source>
        <translation>Zu einer Unterhaltung springen</translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message>
        <location filename="../../qml/pages/FirstRunPage.qml" line="+87" />
        <source>Add an account</source>
        <translation>Konto hinzufügen</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Welcome to Confab</source>
        <translation>Willkommen bei Confab</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Sign in to your relay to chat and receive notifications.</source>
        <translation>Melden Sie sich bei Ihrem Relay an, um zu chatten und Benachrichtigungen zu erhalten.</translation>
    </message>
    <message>
        <location line="+19" />
        <location line="+9" />
        <source>Relay address</source>
        <translation>Relay-Adresse</translation>
    </message>
    <message>
        <location line="-2" />
        <source>wss://relay.example.org</source>
        <translation>wss://relay.example.org</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The address your relay's administrator gave you</source>
        <translation>Die Adresse, die Sie von der Administration Ihres Relays erhalten haben</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+7" />
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+7" />
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Remember me on this computer</source>
        <translation>Auf diesem Computer angemeldet bleiben</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Keeps you signed in, with the password in the system keychain</source>
        <translation>Hält Sie angemeldet, mit dem Passwort im Schlüsselbund des Systems</translation>
    </message>
    <message>
        <location line="+25" />
        <source>Signing in</source>
        <translation>Anmeldung läuft</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cancel adding an account</source>
        <translation>Hinzufügen des Kontos abbrechen</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Signing in…</source>
        <translation>Anmeldung…</translation>
    </message>
    <message>
        <location line="+0" />
        <location line="+3" />
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
</context>
<context>
    <name>GeneralSettings</name>
    <message>
        <location filename="../../qml/components/settings/GeneralSettings.qml" line="+14" />
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Start Confab when I log in</source>
        <translation>Confab beim Anmelden starten</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Keep running in the tray when the window is closed</source>
        <translation>Nach dem Schließen des Fensters im Infobereich weiterlaufen</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Notifications keep arriving while the window is closed</source>
        <translation>Benachrichtigungen kommen weiter an, während das Fenster geschlossen ist</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Show message text in desktop notifications</source>
        <translation>Nachrichtentext in Desktop-Benachrichtigungen zeigen</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Warn me when offline for more than</source>
        <translation>Warnen, wenn länger offline als</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Offline alert after minutes</source>
        <translation>Offline-Warnung nach Minuten</translation>
    </message>
    <message>
        <location line="+4" />
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
</context>
<context>
    <name>JumpToUnreadButton</name>
    <message>
        <location filename="../../qml/components/JumpToUnreadButton.qml" line="+13" />
        <source>Jump to first unread (%1)</source>
        <translation>Zur ersten ungelesenen springen (%1)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Jump to first unread</source>
        <translation>Zur ersten ungelesenen springen</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../qml/Main.qml" line="+24" />
        <source>Confab</source>
        <translation>Confab</translation>
    </message>
    <message>
        <location line="+0" />
        <source>%1 – Confab</source>
        <translation>%1 – Confab</translation>
    </message>
</context>
<context>
    <name>MentionPopup</name>
    <message>
        <location filename="../../qml/components/MentionPopup.qml" line="+75" />
        <source>People to mention</source>
        <translation>Personen zum Erwähnen</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <location filename="../../qml/delegates/MessageDelegate.qml" line="+76" />
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <location line="+0" />
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+127" />
        <source>This message was deleted</source>
        <translation>Diese Nachricht wurde gelöscht</translation>
    </message>
    <message>
        <location line="-126" />
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>MessageMenu</name>
    <message>
        <location filename="../../qml/components/MessageMenu.qml" line="+24" />
        <source>Add a reaction…</source>
        <translation>Reaktion hinzufügen…</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Reply</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Copy text</source>
        <translation>Text kopieren</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
</context>
<context>
    <name>MessageStatus</name>
    <message>
        <location filename="../../qml/components/MessageStatus.qml" line="+23" />
        <source>(edited)</source>
        <translation>(bearbeitet)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Failed to send</source>
        <translation>Senden fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Retry</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
</context>
<context>
    <name>MessageTimeline</name>
    <message>
        <location filename="../../qml/components/MessageTimeline.qml" line="+155" />
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
</context>
<context>
    <name>MessageToolbar</name>
    <message>
        <location filename="../../qml/components/MessageToolbar.qml" line="+29" />
        <source>Message actions</source>
        <translation>Aktionen für die Nachricht</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Add a reaction</source>
        <translation>Reaktion hinzufügen</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Reply</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>NetworkSettings</name>
    <message>
        <location filename="../../qml/components/settings/NetworkSettings.qml" line="+28" />
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <location line="+1" />
        <source>How this account reaches its relay.</source>
        <translation>Wie dieses Konto sein Relay erreicht.</translation>
    </message>
    <message>
        <location line="+8" />
        <location line="+14" />
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <location line="-6" />
        <source>Use the system's proxy settings</source>
        <translation>Proxy-Einstellungen des Systems verwenden</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No proxy</source>
        <translation>Kein Proxy</translation>
    </message>
    <message>
        <location line="+1" />
        <source>HTTP proxy</source>
        <translation>HTTP-Proxy</translation>
    </message>
    <message>
        <location line="+1" />
        <source>SOCKS5 proxy</source>
        <translation>SOCKS5-Proxy</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="+7" />
        <source>proxy.example.org</source>
        <translation>proxy.example.org</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Proxy host</source>
        <translation>Proxy-Host</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Proxy port</source>
        <translation>Proxy-Port</translation>
    </message>
    <message>
        <location line="+2" />
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location line="+7" />
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Proxy user name</source>
        <translation>Proxy-Benutzername</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location line="+7" />
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Proxy password</source>
        <translation>Proxy-Passwort</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Apply the proxy settings</source>
        <translation>Proxy-Einstellungen anwenden</translation>
    </message>
</context>
<context>
    <name>NewStreamDialog</name>
    <message>
        <location filename="../../qml/components/NewStreamDialog.qml" line="+48" />
        <source>Create or join a room</source>
        <translation>Raum erstellen oder betreten</translation>
    </message>
    <message>
        <location line="+1" />
        <source>New direct message</source>
        <translation>Neue Direktnachricht</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Subscribe to a topic</source>
        <translation>Thema abonnieren</translation>
    </message>
    <message>
        <location line="+15" />
        <location line="+9" />
        <source>Room name</source>
        <translation>Raumname</translation>
    </message>
    <message>
        <location line="-8" />
        <location line="+9" />
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location line="-9" />
        <location line="+9" />
        <source>Topic name</source>
        <translation>Themenname</translation>
    </message>
    <message>
        <location line="-2" />
        <source>e.g. bob</source>
        <translation>z. B. bob</translation>
    </message>
    <message>
        <location line="+0" />
        <source>e.g. general</source>
        <translation>z. B. general</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Use lower-case letters, digits, dots, dashes and underscores.</source>
        <translation>Verwenden Sie Kleinbuchstaben, Ziffern, Punkte, Binde- und Unterstriche.</translation>
    </message>
    <message>
        <location line="+20" />
        <location line="+1" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Create</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Create the room</source>
        <translation>Raum erstellen</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Join</source>
        <translation>Betreten</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Subscribe</source>
        <translation>Abonnieren</translation>
    </message>
</context>
<context>
    <name>NotificationCentrePage</name>
    <message>
        <location filename="../../qml/pages/NotificationCentrePage.qml" line="+48" />
        <source>Notifications (%1)</source>
        <translation>Benachrichtigungen (%1)</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+68" />
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <location line="-55" />
        <source>All topics</source>
        <translation>Alle Themen</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <location line="+8" />
        <source>All priorities</source>
        <translation>Alle Prioritäten</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Low and above</source>
        <translation>Ab niedrig</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Default and above</source>
        <translation>Ab normal</translation>
    </message>
    <message>
        <location line="+1" />
        <source>High and above</source>
        <translation>Ab hoch</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Urgent only</source>
        <translation>Nur dringend</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Minimum priority</source>
        <translation>Mindestpriorität</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Dismiss all</source>
        <translation>Alle verwerfen</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Dismiss all shown notifications</source>
        <translation>Alle angezeigten Benachrichtigungen verwerfen</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Dismiss all notifications</source>
        <translation>Alle Benachrichtigungen verwerfen</translation>
    </message>
    <message>
        <location line="+52" />
        <source>No notifications</source>
        <translation>Keine Benachrichtigungen</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Nothing matches these filters.</source>
        <translation>Nichts passt zu diesen Filtern.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Notifications published to your topics appear here.</source>
        <translation>Benachrichtigungen aus Ihren Themen erscheinen hier.</translation>
    </message>
</context>
<context>
    <name>NotificationDelegate</name>
    <message>
        <location filename="../../qml/delegates/NotificationDelegate.qml" line="+48" />
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n min ago</source>
        <translation><numerusform>vor %n Minute</numerusform><numerusform>vor %n Minuten</numerusform></translation>
    </message>
    <message>
        <location line="+14" />
        <source>%1 priority, %2: %3. %4</source>
        <translation>Priorität %1, %2: %3. %4</translation>
    </message>
    <message>
        <location line="+65" />
        <source>Dismiss %1</source>
        <translation>%1 verwerfen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Dismiss (on all your desktops)</source>
        <translation>Verwerfen (auf allen Ihren Geräten)</translation>
    </message>
    <message>
        <location line="+62" />
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
</context>
<context>
    <name>OfflineAlert</name>
    <message>
        <location filename="../../qml/components/OfflineAlert.qml" line="+42" />
        <source>Offline since %1</source>
        <translation>Offline seit %1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Offline for a long time</source>
        <translation>Schon lange offline</translation>
    </message>
    <message>
        <location line="+8" />
        <source>You may be missing messages and notifications. They arrive as soon as the connection is back.</source>
        <translation>Ihnen entgehen möglicherweise Nachrichten und Benachrichtigungen. Sie kommen an, sobald die Verbindung wieder steht.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Dismiss</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Dismiss the offline alert</source>
        <translation>Offline-Hinweis schließen</translation>
    </message>
</context>
<context>
    <name>PresenceDot</name>
    <message>
        <location filename="../../qml/components/PresenceDot.qml" line="+21" />
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
</context>
<context>
    <name>PriorityChip</name>
    <message>
        <location filename="../../qml/components/PriorityChip.qml" line="+22" />
        <source>Priority %1</source>
        <translation>Priorität %1</translation>
    </message>
</context>
<context>
    <name>QuickSwitcher</name>
    <message>
        <location filename="../../qml/components/QuickSwitcher.qml" line="+60" />
        <source>Jump to a conversation…</source>
        <translation>Zu einer Unterhaltung springen…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Jump to a conversation</source>
        <translation>Zu einer Unterhaltung springen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Type part of a name, Up and Down to choose, Enter to open</source>
        <translation>Teil eines Namens eingeben, mit Auf und Ab wählen, mit Eingabe öffnen</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Matching conversations</source>
        <translation>Passende Unterhaltungen</translation>
    </message>
    <message>
        <location line="+14" />
        <source>No conversation matches “%1”.</source>
        <translation>Keine Unterhaltung passt zu „%1“.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No conversations yet.</source>
        <translation>Noch keine Unterhaltungen.</translation>
    </message>
</context>
<context>
    <name>ReactionBar</name>
    <message>
        <location filename="../../qml/components/ReactionBar.qml" line="+22" />
        <source>Reactions</source>
        <translation>Reaktionen</translation>
    </message>
    <message>
        <location line="+27" />
        <source>%1 %2, by %3</source>
        <translation>%1 %2, von %3</translation>
    </message>
    <message>
        <location line="+3" />
        <source>%1 reacted with %2</source>
        <translation>%1 hat mit %2 reagiert</translation>
    </message>
    <message>
        <location line="+27" />
        <location line="+2" />
        <source>Add a reaction</source>
        <translation>Reaktion hinzufügen</translation>
    </message>
</context>
<context>
    <name>ReactionPicker</name>
    <message>
        <location filename="../../qml/components/ReactionPicker.qml" line="+27" />
        <source>Add a reaction</source>
        <translation>Reaktion hinzufügen</translation>
    </message>
    <message>
        <location line="+12" />
        <source>React with %1</source>
        <translation>Mit %1 reagieren</translation>
    </message>
</context>
<context>
    <name>ReplyPreview</name>
    <message>
        <location filename="../../qml/components/ReplyPreview.qml" line="+30" />
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reply to %1: %2</source>
        <translation>Antwort an %1: %2</translation>
    </message>
    <message>
        <location line="+61" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Cancel (Escape)</source>
        <translation>Abbrechen (Escape)</translation>
    </message>
</context>
<context>
    <name>RoomHeader</name>
    <message>
        <location filename="../../qml/components/RoomHeader.qml" line="+90" />
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Search messages (Ctrl+F)</source>
        <translation>Nachrichten durchsuchen (Strg+F)</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../qml/pages/SearchPage.qml" line="+51" />
        <source>Search messages and notifications</source>
        <translation>Nachrichten und Benachrichtigungen durchsuchen</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Results appear as you type; Down and Up choose, Enter opens</source>
        <translation>Ergebnisse erscheinen beim Tippen; mit Ab und Auf wählen, mit Eingabe öffnen</translation>
    </message>
    <message>
        <location line="+44" />
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Searching</source>
        <translation>Suche läuft</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Search your conversations</source>
        <translation>Ihre Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No results for “%1”</source>
        <translation>Keine Ergebnisse für „%1“</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Messages and notifications stored on this computer.</source>
        <translation>Auf diesem Computer gespeicherte Nachrichten und Benachrichtigungen.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Try fewer or different words.</source>
        <translation>Versuchen Sie weniger oder andere Wörter.</translation>
    </message>
</context>
<context>
    <name>SearchResultDelegate</name>
    <message>
        <location filename="../../qml/delegates/SearchResultDelegate.qml" line="+37" />
        <source>Notification in %1, %2: %3</source>
        <translation>Benachrichtigung in %1, %2: %3</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 in %2, %3: %4</source>
        <translation>%1 in %2, %3: %4</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../qml/pages/SettingsPage.qml" line="+40" />
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Close the settings</source>
        <translation>Einstellungen schließen</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Settings sections</source>
        <translation>Bereiche der Einstellungen</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <location line="+1" />
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../qml/components/Sidebar.qml" line="+84" />
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <location line="+12" />
        <location line="+45" />
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <location line="-36" />
        <location line="+3" />
        <source>New conversation</source>
        <translation>Neue Unterhaltung</translation>
    </message>
    <message>
        <location line="-2" />
        <source>Create or join a room, message someone, or subscribe to a topic</source>
        <translation>Einen Raum erstellen oder betreten, jemandem schreiben oder ein Thema abonnieren</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Create or join a room…</source>
        <translation>Raum erstellen oder betreten…</translation>
    </message>
    <message>
        <location line="+4" />
        <source>New direct message…</source>
        <translation>Neue Direktnachricht…</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Subscribe to a topic…</source>
        <translation>Thema abonnieren…</translation>
    </message>
    <message>
        <location line="+36" />
        <source>No conversations yet. Use + to join a room or message someone.</source>
        <translation>Noch keine Unterhaltungen. Mit + einen Raum betreten oder jemandem schreiben.</translation>
    </message>
</context>
<context>
    <name>SidebarEntry</name>
    <message>
        <location filename="../../qml/components/SidebarEntry.qml" line="+22" />
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>SidebarSectionHeader</name>
    <message>
        <location filename="../../qml/components/SidebarSectionHeader.qml" line="+16" />
        <source>Rooms</source>
        <translation>Räume</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Direct messages</source>
        <translation>Direktnachrichten</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Topics</source>
        <translation>Themen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Create or join a room</source>
        <translation>Raum erstellen oder betreten</translation>
    </message>
    <message>
        <location line="+1" />
        <source>New direct message</source>
        <translation>Neue Direktnachricht</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Subscribe to a topic</source>
        <translation>Thema abonnieren</translation>
    </message>
</context>
<context>
    <name>StreamDelegate</name>
    <message>
        <location filename="../../qml/delegates/StreamDelegate.qml" line="+32" />
        <source>Room %1</source>
        <translation>Raum %1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Topic %1</source>
        <translation>Thema %1</translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n mention(s)</source>
        <translation><numerusform>%n Erwähnung</numerusform><numerusform>%n Erwähnungen</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n unread</source>
        <translation><numerusform>%n ungelesen</numerusform><numerusform>%n ungelesen</numerusform></translation>
    </message>
    <message>
        <location line="+2" />
        <source>muted</source>
        <translation>stummgeschaltet</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Open now</source>
        <translation>Jetzt geöffnet</translation>
    </message>
</context>
<context>
    <name>SwitcherDelegate</name>
    <message>
        <location filename="../../qml/delegates/SwitcherDelegate.qml" line="+21" />
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
</context>
<context>
    <name>TagChip</name>
    <message>
        <location filename="../../qml/components/TagChip.qml" line="+17" />
        <source>Tag %1</source>
        <translation>Schlagwort %1</translation>
    </message>
</context>
<context>
    <name>TimeField</name>
    <message>
        <location filename="../../qml/components/settings/TimeField.qml" line="+11" />
        <source>Time</source>
        <translation>Uhrzeit</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Hours and minutes; Up and Down change it by 15 minutes</source>
        <translation>Stunden und Minuten; Auf und Ab ändern um 15 Minuten</translation>
    </message>
</context>
<context>
    <name>TopicRuleRow</name>
    <message>
        <location filename="../../qml/components/settings/TopicRuleRow.qml" line="+44" />
        <source>Muted</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mute topic %1</source>
        <translation>Thema %1 stummschalten</translation>
    </message>
    <message>
        <location line="+5" />
        <source>min (1)</source>
        <translation>minimal (1)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>low (2)</source>
        <translation>niedrig (2)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>default (3)</source>
        <translation>normal (3)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>high (4)</source>
        <translation>hoch (4)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>urgent (5)</source>
        <translation>dringend (5)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Minimum priority for topic %1</source>
        <translation>Mindestpriorität für Thema %1</translation>
    </message>
</context>
<context>
    <name>TopicRulesSettings</name>
    <message>
        <location filename="../../qml/components/settings/TopicRulesSettings.qml" line="+13" />
        <source>Topics</source>
        <translation>Themen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Muted topics show no desktop notifications. Below a topic's minimum priority, notifications stay quiet too.</source>
        <translation>Stummgeschaltete Themen zeigen keine Desktop-Benachrichtigungen. Unter der Mindestpriorität eines Themas bleiben Benachrichtigungen ebenfalls still.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>You are not subscribed to any topic.</source>
        <translation>Sie haben kein Thema abonniert.</translation>
    </message>
</context>
<context>
    <name>UnreadMarker</name>
    <message>
        <location filename="../../qml/components/UnreadMarker.qml" line="+30" />
        <source>New messages</source>
        <translation>Neue Nachrichten</translation>
    </message>
</context>
<context>
    <name>confab::app::AccountSetupViewModel</name>
    <message>
        <location filename="../../app/shell/accountsetupviewmodel.cpp" line="+191" />
        <source>Confab cannot add accounts right now.</source>
        <translation>Confab kann gerade keine Konten hinzufügen.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Enter the relay's address, for example wss://relay.example.org or relay.example.org:8443.</source>
        <translation>Geben Sie die Adresse des Relays ein, zum Beispiel wss://relay.example.org oder relay.example.org:8443.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>A user name uses only lower-case letters, digits, dots, dashes and underscores.</source>
        <translation>Ein Benutzername besteht nur aus Kleinbuchstaben, Ziffern, Punkten, Binde- und Unterstrichen.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Enter your password.</source>
        <translation>Geben Sie Ihr Passwort ein.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 at %2 is already set up.</source>
        <translation>%1 bei %2 ist bereits eingerichtet.</translation>
    </message>
    <message>
        <location line="+10" />
        <location line="+78" />
        <source>Confab could not save the account: %1</source>
        <translation>Confab konnte das Konto nicht speichern: %1</translation>
    </message>
    <message>
        <location line="-30" />
        <source>Wrong user name or password.</source>
        <translation>Falscher Benutzername oder falsches Passwort.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Cannot sign in at %1.</source>
        <translation>Anmeldung bei %1 nicht möglich.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Cannot reach the relay at %1: </source>
        <translation>Das Relay unter %1 ist nicht erreichbar: </translation>
    </message>
    <message>
        <location line="+4" />
        <source>no answer.</source>
        <translation>keine Antwort.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Cannot reach the relay at %1: this computer is not connected to a network.</source>
        <translation>Das Relay unter %1 ist nicht erreichbar: Dieser Computer ist mit keinem Netzwerk verbunden.</translation>
    </message>
    <message>
        <location line="+24" />
        <source>You did not trust the relay's certificate, so Confab did not connect. Ask the relay's administrator for its fingerprint if you are unsure.</source>
        <translation>Sie haben dem Zertifikat des Relays nicht vertraut, deshalb hat Confab keine Verbindung aufgebaut. Fragen Sie im Zweifel die Administration des Relays nach dem Fingerabdruck.</translation>
    </message>
</context>
<context>
    <name>confab::app::AppSettings</name>
    <message>
        <location filename="../../app/shell/appsettings.cpp" line="+58" />
        <source>Confab could not read its settings (%1: %2) and uses the defaults.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+13" />
        <source>Confab's settings file was damaged (%1), so the defaults are used; the old file was kept as %2.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+3" />
        <source>not a settings object</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+15" />
        <location line="+6" />
        <source>Confab could not save its settings (%1: %2).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>confab::app::ConnectionBannerViewModel</name>
    <message>
        <location filename="../../app/shell/connectionbannerviewmodel.cpp" line="+99" />
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Reconnecting… retrying in %1 s</source>
        <translation>Verbindung unterbrochen… neuer Versuch in %1 s</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reconnecting…</source>
        <translation>Verbinde erneut…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Offline — waiting for the network</source>
        <translation>Offline – warte auf das Netzwerk</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <location line="+9" />
        <location line="+1" />
        <source>offline since %1</source>
        <translation>offline seit %1</translation>
    </message>
</context>
<context>
    <name>confab::app::FreedesktopNotifier</name>
    <message>
        <location filename="../../app/platform/desktopnotifier_linux.cpp" line="+81" />
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
</context>
<context>
    <name>confab::app::MessageListModel</name>
    <message>
        <location filename="../../app/chat/messagelistmodel.cpp" line="+164" />
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <location filename="../../app/chat/messagelistmodel_rows.cpp" line="+126" />
        <source>An earlier message</source>
        <translation>Eine frühere Nachricht</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Deleted message</source>
        <translation>Gelöschte Nachricht</translation>
    </message>
</context>
<context>
    <name>confab::app::NotificationActionRunner</name>
    <message>
        <location filename="../../app/lists/notificationactionrunner.cpp" line="+41" />
        <source>This notification's link cannot be opened.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+4" />
        <source>No browser could open %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+12" />
        <source>The action "%1" has no web address to call.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+14" />
        <source>The action "%1" failed: the server could not be reached.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+4" />
        <source>The action "%1" failed: the server answered %2.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>confab::app::NotificationCentreModel</name>
    <message>
        <location filename="../../app/lists/notificationcentremodel.cpp" line="+56" />
        <source>min</source>
        <translation>minimal</translation>
    </message>
    <message>
        <location line="+2" />
        <source>low</source>
        <translation>niedrig</translation>
    </message>
    <message>
        <location line="+2" />
        <source>high</source>
        <translation>hoch</translation>
    </message>
    <message>
        <location line="+2" />
        <source>urgent</source>
        <translation>dringend</translation>
    </message>
    <message>
        <location line="+2" />
        <source>default</source>
        <translation>normal</translation>
    </message>
</context>
<context>
    <name>confab::app::NotificationCoalescer</name>
    <message numerus="yes">
        <location filename="../../app/notifications/notificationcoalescer.cpp" line="+50" />
        <source>%n new notifications in %1</source>
        <translation><numerusform>%n neue Benachrichtigung in %1</numerusform><numerusform>%n neue Benachrichtigungen in %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n new messages from %1</source>
        <translation><numerusform>%n neue Nachricht von %1</numerusform><numerusform>%n neue Nachrichten von %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>%n new messages in %1</source>
        <translation><numerusform>%n neue Nachricht in %1</numerusform><numerusform>%n neue Nachrichten in %1</numerusform></translation>
    </message>
</context>
<context>
    <name>confab::app::NotificationPresenter</name>
    <message>
        <location filename="../../app/notifications/notificationpresenter.cpp" line="+132" />
        <location line="+6" />
        <source>New message</source>
        <translation>Neue Nachricht</translation>
    </message>
    <message>
        <location line="-1" />
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <location line="+4" />
        <location line="+28" />
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location line="-4" />
        <source>New notification in %1</source>
        <translation>Neue Benachrichtigung in %1</translation>
    </message>
</context>
<context>
    <name>confab::app::SettingsViewModel</name>
    <message>
        <location filename="../../app/shell/settingsviewmodel.cpp" line="+245" />
        <source>Confab could not set itself to start on login: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+1" />
        <source>Confab could not stop starting on login: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+188" />
        <source>Enter the proxy's host name and port.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+15" />
        <source>Confab could not save the proxy settings: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+30" />
        <source>Confab could not remove the account: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>confab::app::StreamListModel</name>
    <message>
        <location filename="../../app/lists/streamlistmodel.cpp" line="+21" />
        <source>Rooms</source>
        <translation>Räume</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Direct messages</source>
        <translation>Direktnachrichten</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Topics</source>
        <translation>Themen</translation>
    </message>
    <message>
        <location line="+285" />
        <source>That name cannot be used.</source>
        <translation>Dieser Name kann nicht verwendet werden.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>A room name uses only a-z, 0-9, '.', '_' and '-', starting with a letter or digit.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location line="+12" />
        <source>There is no room called "%1".</source>
        <translation>Es gibt keinen Raum namens „%1“.</translation>
    </message>
    <message>
        <location line="+14" />
        <source>There is no user called "%1".</source>
        <translation>Es gibt niemanden namens „%1“.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>There is no topic called "%1".</source>
        <translation>Es gibt kein Thema namens „%1“.</translation>
    </message>
    <message>
        <location line="+40" />
        <source>There is no such user.</source>
        <translation>Diese Person gibt es nicht.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 does not exist.</source>
        <translation>%1 gibt es nicht.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>You may not create %1 (it may exist already).</source>
        <translation>Sie dürfen %1 nicht erstellen (vielleicht gibt es das schon).</translation>
    </message>
    <message>
        <location line="+1" />
        <source>You may not open %1.</source>
        <translation>Sie dürfen %1 nicht öffnen.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Not connected to the relay: try again when the connection is back.</source>
        <translation>Nicht mit dem Relay verbunden: Versuchen Sie es wieder, wenn die Verbindung zurück ist.</translation>
    </message>
</context>
<context>
    <name>confab::app::TrayIcon</name>
    <message>
        <location filename="../../app/platform/trayicon.cpp" line="+45" />
        <source>Open Confab</source>
        <translation>Confab öffnen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Do not disturb</source>
        <translation>Nicht stören</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
</context>
<context>
    <name>confab::app::TrayState</name>
    <message>
        <location filename="../../app/platform/traystate.cpp" line="+113" />
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <location line="+4" />
        <source>connecting…</source>
        <translation>verbinde…</translation>
    </message>
    <message>
        <location line="+4" />
        <source>reconnecting…</source>
        <translation>verbinde erneut…</translation>
    </message>
    <message>
        <location line="+5" />
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <location line="+4" />
        <source>not connected, open Confab to fix it</source>
        <translation>nicht verbunden, öffnen Sie Confab, um das zu beheben</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Confab — %1</source>
        <translation>Confab — %1</translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n unread</source>
        <translation><numerusform>%n ungelesen</numerusform><numerusform>%n ungelesen</numerusform></translation>
    </message>
    <message>
        <location line="+2" />
        <source>Do not disturb</source>
        <translation>Nicht stören</translation>
    </message>
</context>
<context>
    <name>confab::app::TypingTracker</name>
    <message>
        <location filename="../../app/chat/typingtracker.cpp" line="+75" />
        <source>%1 is typing…</source>
        <translation>%1 schreibt…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 and %2 are typing…</source>
        <translation>%1 und %2 schreiben…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1, %2 and %3 are typing…</source>
        <translation>%1, %2 und %3 schreiben…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Several people are typing…</source>
        <translation>Mehrere Personen schreiben…</translation>
    </message>
</context>
</TS>