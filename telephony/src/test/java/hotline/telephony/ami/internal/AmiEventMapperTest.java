package hotline.telephony.ami.internal;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.TelephonyEvent;
import hotline.telephony.TelephonyEvent.ChannelHungUp;
import hotline.telephony.TelephonyEvent.ChannelRinging;
import hotline.telephony.TelephonyEvent.DialEnded;
import hotline.telephony.TelephonyEvent.DialStarted;
import hotline.telephony.TelephonyEvent.HangupRequested;
import java.time.Instant;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.DialEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.HangupRequestEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.NewStateEvent;
import org.asteriskjava.manager.event.SoftHangupRequestEvent;
import org.asteriskjava.manager.event.VarSetEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The events are built as Asterisk-Java builds them from the headers of {@code ami_redirect_fork.pbx_ami_events.raw}
 * (citizen {@code PJSIP/carrier-0000000b} rings seat 1001 on {@code PJSIP/1001-0000000c}, then hangs up). Parsing the
 * wire bytes into these objects is covered by {@code AmiClientProtocolTest}.
 */
class AmiEventMapperTest {

    private static final Instant READ_AT = Instant.parse("2026-11-22T04:50:12Z");
    private static final String CALLER = "PJSIP/carrier-0000000b";
    private static final String CALLER_ID = "1795323011.14";
    private static final String SEAT = "PJSIP/1001-0000000c";
    private static final String SEAT_ID = "1795323012.16";

    @Test
    void shouldConvertAsteriskTimestampHeaderToInstantWithMicroseconds() {
        HangupEvent hangup = hangup(SEAT, SEAT_ID);
        hangup.setTimestamp(1795323011.123456);

        TelephonyEvent mapped = AmiEventMapper.map(hangup, READ_AT).orElseThrow();

        assertThat(mapped.at()).isEqualTo(Instant.ofEpochSecond(1795323011L, 123_456_000L));
    }

    @Test
    void shouldKeepWholeSecondTimestampExact() {
        HangupEvent hangup = hangup(SEAT, SEAT_ID);
        hangup.setTimestamp(1795323012.000001);

        assertThat(AmiEventMapper.map(hangup, READ_AT).orElseThrow().at())
                .isEqualTo(Instant.ofEpochSecond(1795323012L, 1_000L));
    }

    @ParameterizedTest(name = "Timestamp: {0}")
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, 1e300, -1e300, -1, 0, 1795323011.0 + 400 * 86400})
    void shouldUseReadTimeWhenTheTimestampIsNotAsterisksClock(double ts) {
        HangupEvent hangup = hangup(SEAT, SEAT_ID);
        hangup.setTimestamp(ts);

        assertThat(AmiEventMapper.map(hangup, READ_AT).orElseThrow().at()).isEqualTo(READ_AT);
    }

    @Test
    void shouldUseReadTimeWhenAsteriskSendsNoTimestamp() {
        // timestampevents is off in the lab's manager.conf: none of the captures has a Timestamp header
        assertThat(AmiEventMapper.map(hangup(SEAT, SEAT_ID), READ_AT).orElseThrow().at()).isEqualTo(READ_AT);
    }

    @Test
    void shouldMapNewStateRingingToChannelRinging() {
        NewStateEvent ringing = newState(5, "Ringing");

        assertThat(AmiEventMapper.map(ringing, READ_AT))
                .contains(new ChannelRinging(READ_AT, SEAT_ID, CALLER_ID, SEAT));
    }

    @ParameterizedTest(name = "ChannelState {0}")
    @ValueSource(ints = {0, 3, 4, 6, 7})
    void shouldIgnoreNewStateOtherThanRinging(int state) {
        // 0 Down, 3 Dialing, 4 Ring (the inbound leg before answer), 6 Up, 7 Busy: channelstate.h
        assertThat(AmiEventMapper.map(newState(state, "state " + state), READ_AT)).isEmpty();
    }

    @Test
    void shouldFallBackToStateDescriptionWhenChannelStateIsMissing() {
        // Asterisk-Java's getChannelState() answers AstState.str2state(ChannelStateDesc) when ChannelState is null
        NewStateEvent descriptionOnly = newState(5, "Ringing");
        descriptionOnly.setChannelState(null);

        assertThat(AmiEventMapper.map(descriptionOnly, READ_AT))
                .contains(new ChannelRinging(READ_AT, SEAT_ID, CALLER_ID, SEAT));
    }

    @Test
    void shouldIgnoreNewStateWithoutAnyState() {
        NewStateEvent noState = newState(5, null);
        noState.setChannelState(null);

        assertThat(AmiEventMapper.map(noState, READ_AT)).isEmpty();
    }

    @Test
    void shouldMapDialBeginWithCallingAndDestinationLegs() {
        DialBeginEvent begin = new DialBeginEvent(this);
        begin.setChannel(CALLER);
        begin.setUniqueId(CALLER_ID);
        begin.setLinkedId(CALLER_ID);
        begin.setDestChannel(SEAT);
        begin.setDestUniqueId(SEAT_ID);
        begin.setDestLinkedId(CALLER_ID);
        begin.setDialString("1001");

        assertThat(AmiEventMapper.map(begin, READ_AT))
                .contains(new DialStarted(READ_AT, CALLER_ID, CALLER, SEAT_ID, SEAT, "1001"));
    }

    @Test
    void shouldMapDialEndWithDialStatus() {
        DialEndEvent end = new DialEndEvent(this);
        end.setChannel(CALLER);
        end.setUniqueId(CALLER_ID);
        end.setDestChannel(SEAT);
        end.setDestUniqueId(SEAT_ID);
        end.setDialStatus("ANSWER");

        assertThat(AmiEventMapper.map(end, READ_AT))
                .contains(new DialEnded(READ_AT, CALLER_ID, CALLER, SEAT_ID, SEAT, "ANSWER"));
    }

    @Test
    void shouldIgnoreLegacyDialEventThatAsteriskJavaDerivesFromDialBegin() {
        // ManagerConnectionImpl.dispatchLegacyEventIfNeeded() fires a plain DialEvent before every DialBeginEvent;
        // mapping both would start every dial twice
        DialBeginEvent begin = new DialBeginEvent(this);
        begin.setChannel(CALLER);
        begin.setDestChannel(SEAT);

        assertThat(AmiEventMapper.map(new DialEvent(begin), READ_AT)).isEmpty();
    }

    @Test
    void shouldMapHangupRequestAsHardHangupByThatChannelsFarEnd() {
        HangupRequestEvent request = new HangupRequestEvent(this);
        request.setChannel(CALLER);
        request.setUniqueId(CALLER_ID);
        request.setLinkedId(CALLER_ID);

        assertThat(AmiEventMapper.map(request, READ_AT))
                .contains(new HangupRequested(READ_AT, CALLER_ID, CALLER_ID, CALLER, false, null));
    }

    @Test
    void shouldMapSoftHangupRequestAsSoftHangup() {
        SoftHangupRequestEvent request = new SoftHangupRequestEvent(this);
        request.setChannel(CALLER);
        request.setUniqueId(CALLER_ID);
        request.setLinkedId(CALLER_ID);
        request.setCause(16);

        assertThat(AmiEventMapper.map(request, READ_AT))
                .contains(new HangupRequested(READ_AT, CALLER_ID, CALLER_ID, CALLER, true, 16));
    }

    @Test
    void shouldMapHangupWithCause() {
        assertThat(AmiEventMapper.map(hangup(SEAT, SEAT_ID), READ_AT))
                .contains(new ChannelHungUp(READ_AT, SEAT_ID, CALLER_ID, SEAT, 16, "Normal Clearing"));
    }

    @Test
    void shouldIgnoreEventsTheCallPathDoesNotNeed() {
        NewChannelEvent newChannel = new NewChannelEvent(this);
        newChannel.setChannel(CALLER);
        VarSetEvent varSet = new VarSetEvent(this);
        varSet.setVariable("AGISTATUS");

        assertThat(AmiEventMapper.map(newChannel, READ_AT)).isEmpty();
        assertThat(AmiEventMapper.map(varSet, READ_AT)).isEmpty();
    }

    private NewStateEvent newState(int state, String description) {
        NewStateEvent event = new NewStateEvent(this);
        event.setChannel(SEAT);
        event.setUniqueId(SEAT_ID);
        event.setLinkedId(CALLER_ID);
        event.setChannelState(state);
        event.setChannelStateDesc(description);
        return event;
    }

    private HangupEvent hangup(String channel, String uniqueId) {
        HangupEvent event = new HangupEvent(this);
        event.setChannel(channel);
        event.setUniqueId(uniqueId);
        event.setLinkedId(CALLER_ID);
        event.setCause(16);
        event.setCauseTxt("Normal Clearing");
        return event;
    }
}
