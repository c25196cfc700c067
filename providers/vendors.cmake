# The vendors callbridge ships: one folder each under providers/ (its
# dialect, descriptor and QUIRKS.md), tools/mock/ (its mock module) and
# fixtures/. Adding a vendor is its folders and one word here.
set(CALLBRIDGE_VENDORS
  autocalls
  talkover
  vapi
  ultravox
  twilio
  retell
  elevenlabs
)
