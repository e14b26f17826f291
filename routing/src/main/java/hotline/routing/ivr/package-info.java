/**
 * The front door of the hotline: a menu tree given as data ({@link hotline.routing.ivr.IvrMenu}) walked by one
 * {@link hotline.routing.ivr.IvrSession} per call. Pure: key presses and instants in, {@link
 * hotline.routing.ivr.IvrAction}s out (play and collect, look up an order, finish). The FastAGI adapter in the server
 * plays the prompts and collects the digits; the choices become the call's attributes that the ACD routes on.
 */
package hotline.routing.ivr;
