// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title TradeEscrow
/// @notice A buyer/seller trade settled in an ERC-20 stablecoin. The buyer opens an order (amount,
/// ship-by and deliver-by dates, seller, corridor), funds it, the seller marks it shipped with a
/// shipment reference, the buyer confirms delivery and the payment is released to the seller.
/// Either party may open a dispute before delivery is confirmed; an arbiter (ARBITER_ROLE, never a
/// party of the order) resolves it by splitting the funds. If the seller has not shipped by the
/// ship-by date the buyer gets a refund.
///
/// Every step emits an event with the order id, the buyer and the seller indexed: the chain
/// listener (ingest/chain) turns them into the Escrow* chain events (docs/chain.md).
///
/// Payouts are reentrancy-safe twice over: the order's state changes before any token moves
/// (checks-effects-interactions), and every function that moves tokens is nonReentrant.
/// Only tokens the admin allowed can be used, and a token that delivers less than it was asked to
/// (fee on transfer) is refused at funding, so the escrow always holds what it owes.
contract TradeEscrow is AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant ARBITER_ROLE = keccak256("ARBITER_ROLE");

    uint256 public constant MAX_REGION_LENGTH = 6; // ISO 3166-1 alpha-2 + optional subdivision
    uint256 public constant MAX_TEXT_LENGTH = 256; // shipment references and dispute reasons

    enum State {
        None,
        Created,
        Funded,
        Shipped,
        Delivered,
        Released,
        Disputed,
        Resolved,
        Refunded
    }

    struct Order {
        address buyer;
        address seller;
        address token;
        uint64 shipBy;
        uint64 deliverBy;
        State state;
        uint256 amount;
    }

    mapping(bytes32 orderId => Order) private _orders;
    mapping(address token => bool) public allowedTokens;

    event TokenAllowed(address indexed token, bool allowed);
    event OrderCreated(
        bytes32 indexed orderId,
        address indexed buyer,
        address indexed seller,
        address token,
        uint256 amount,
        uint64 shipBy,
        uint64 deliverBy,
        string originRegion,
        string destinationRegion
    );
    event OrderFunded(bytes32 indexed orderId, address indexed buyer, address indexed seller, uint256 amount);
    event OrderShipped(bytes32 indexed orderId, address indexed buyer, address indexed seller, string shipmentRef);
    event DeliveryConfirmed(bytes32 indexed orderId, address indexed buyer, address indexed seller);
    event PaymentReleased(bytes32 indexed orderId, address indexed buyer, address indexed seller, uint256 amount);
    event DisputeOpened(
        bytes32 indexed orderId, address indexed buyer, address indexed seller, address openedBy, string reason
    );
    event DisputeResolved(
        bytes32 indexed orderId,
        address indexed buyer,
        address indexed seller,
        address arbiter,
        uint256 buyerAmount,
        uint256 sellerAmount
    );
    event Refunded(bytes32 indexed orderId, address indexed buyer, address indexed seller, uint256 amount);

    error InvalidOrder(string what);
    error OrderExists(bytes32 orderId);
    error TokenNotAllowed(address token);
    error WrongState(bytes32 orderId, State actual);
    error NotBuyer(bytes32 orderId, address caller);
    error NotSeller(bytes32 orderId, address caller);
    error NotParty(bytes32 orderId, address caller);
    error ArbiterIsParty(bytes32 orderId, address arbiter);
    error DeadlinePassed(bytes32 orderId, uint64 deadline);
    error TimeoutNotReached(bytes32 orderId, uint64 deadline);
    error InvalidSplit(bytes32 orderId, uint256 amount, uint256 buyerAmount, uint256 sellerAmount);
    error UnsupportedToken(address token, uint256 expected, uint256 received);

    constructor(address admin, address arbiter) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (arbiter != address(0)) {
            _grantRole(ARBITER_ROLE, arbiter);
        }
    }

    /// @notice Allows (or disallows) a token for new orders. Existing orders keep their token.
    function setTokenAllowed(address token, bool allowed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token == address(0)) revert InvalidOrder("token");
        allowedTokens[token] = allowed;
        emit TokenAllowed(token, allowed);
    }

    /// @notice Opens an order; the caller is the buyer. Dates are unix seconds.
    function createOrder(
        bytes32 orderId,
        address seller,
        address token,
        uint256 amount,
        uint64 shipBy,
        uint64 deliverBy,
        string calldata originRegion,
        string calldata destinationRegion
    ) external {
        if (orderId == bytes32(0)) revert InvalidOrder("orderId");
        if (_orders[orderId].state != State.None) revert OrderExists(orderId);
        if (seller == address(0) || seller == msg.sender) revert InvalidOrder("seller");
        if (!allowedTokens[token]) revert TokenNotAllowed(token);
        if (amount == 0) revert InvalidOrder("amount");
        if (shipBy <= block.timestamp) revert InvalidOrder("shipBy");
        if (deliverBy < shipBy) revert InvalidOrder("deliverBy");
        _checkRegion(originRegion, "originRegion");
        _checkRegion(destinationRegion, "destinationRegion");

        _orders[orderId] = Order({
            buyer: msg.sender,
            seller: seller,
            token: token,
            shipBy: shipBy,
            deliverBy: deliverBy,
            state: State.Created,
            amount: amount
        });
        emit OrderCreated(
            orderId, msg.sender, seller, token, amount, shipBy, deliverBy, originRegion, destinationRegion
        );
    }

    /// @notice The buyer deposits the amount (needs an ERC-20 allowance for this contract).
    function fund(bytes32 orderId) external nonReentrant {
        Order storage order = _orders[orderId];
        _requireState(orderId, order, State.Created);
        if (msg.sender != order.buyer) revert NotBuyer(orderId, msg.sender);
        if (block.timestamp > order.shipBy) revert DeadlinePassed(orderId, order.shipBy);
        order.state = State.Funded;

        IERC20 token = IERC20(order.token);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), order.amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != order.amount) revert UnsupportedToken(order.token, order.amount, received);
        emit OrderFunded(orderId, order.buyer, order.seller, order.amount);
    }

    /// @notice The seller marks the order shipped, no later than the ship-by date.
    function markShipped(bytes32 orderId, string calldata shipmentRef) external {
        Order storage order = _orders[orderId];
        _requireState(orderId, order, State.Funded);
        if (msg.sender != order.seller) revert NotSeller(orderId, msg.sender);
        if (block.timestamp > order.shipBy) revert DeadlinePassed(orderId, order.shipBy);
        _checkText(shipmentRef, "shipmentRef");
        order.state = State.Shipped;
        emit OrderShipped(orderId, order.buyer, order.seller, shipmentRef);
    }

    /// @notice The buyer confirms the goods arrived.
    function confirmDelivery(bytes32 orderId) external {
        Order storage order = _orders[orderId];
        _requireState(orderId, order, State.Shipped);
        if (msg.sender != order.buyer) revert NotBuyer(orderId, msg.sender);
        order.state = State.Delivered;
        emit DeliveryConfirmed(orderId, order.buyer, order.seller);
    }

    /// @notice Pays the seller once delivery is confirmed; either party may trigger it.
    function release(bytes32 orderId) external nonReentrant {
        Order storage order = _orders[orderId];
        _requireState(orderId, order, State.Delivered);
        if (msg.sender != order.buyer && msg.sender != order.seller) revert NotParty(orderId, msg.sender);
        order.state = State.Released;
        emit PaymentReleased(orderId, order.buyer, order.seller, order.amount);
        IERC20(order.token).safeTransfer(order.seller, order.amount);
    }

    /// @notice Either party disputes a funded or shipped order (before delivery is confirmed).
    function openDispute(bytes32 orderId, string calldata reason) external {
        Order storage order = _orders[orderId];
        if (order.state != State.Funded && order.state != State.Shipped) {
            revert WrongState(orderId, order.state);
        }
        if (msg.sender != order.buyer && msg.sender != order.seller) revert NotParty(orderId, msg.sender);
        _checkText(reason, "reason");
        order.state = State.Disputed;
        emit DisputeOpened(orderId, order.buyer, order.seller, msg.sender, reason);
    }

    /// @notice An arbiter splits a disputed order's funds; the two parts add up to the amount.
    function resolveDispute(bytes32 orderId, uint256 buyerAmount, uint256 sellerAmount)
        external
        nonReentrant
        onlyRole(ARBITER_ROLE)
    {
        Order storage order = _orders[orderId];
        _requireState(orderId, order, State.Disputed);
        if (msg.sender == order.buyer || msg.sender == order.seller) revert ArbiterIsParty(orderId, msg.sender);
        if (buyerAmount > order.amount || sellerAmount != order.amount - buyerAmount) {
            revert InvalidSplit(orderId, order.amount, buyerAmount, sellerAmount);
        }
        order.state = State.Resolved;
        emit DisputeResolved(orderId, order.buyer, order.seller, msg.sender, buyerAmount, sellerAmount);
        IERC20 token = IERC20(order.token);
        if (buyerAmount > 0) token.safeTransfer(order.buyer, buyerAmount);
        if (sellerAmount > 0) token.safeTransfer(order.seller, sellerAmount);
    }

    /// @notice Returns the funds to the buyer when the seller did not ship by the ship-by date.
    /// Either party may trigger it; the money always goes to the buyer.
    function refund(bytes32 orderId) external nonReentrant {
        Order storage order = _orders[orderId];
        _requireState(orderId, order, State.Funded);
        if (msg.sender != order.buyer && msg.sender != order.seller) revert NotParty(orderId, msg.sender);
        if (block.timestamp <= order.shipBy) revert TimeoutNotReached(orderId, order.shipBy);
        order.state = State.Refunded;
        emit Refunded(orderId, order.buyer, order.seller, order.amount);
        IERC20(order.token).safeTransfer(order.buyer, order.amount);
    }

    /// @notice The order as stored; state None means it does not exist.
    function getOrder(bytes32 orderId) external view returns (Order memory) {
        return _orders[orderId];
    }

    /// @notice The state of an order (None when it does not exist).
    function stateOf(bytes32 orderId) external view returns (State) {
        return _orders[orderId].state;
    }

    function _requireState(bytes32 orderId, Order storage order, State expected) private view {
        if (order.state != expected) revert WrongState(orderId, order.state);
    }

    function _checkRegion(string calldata region, string memory what) private pure {
        uint256 length = bytes(region).length;
        if (length < 2 || length > MAX_REGION_LENGTH) revert InvalidOrder(what);
    }

    function _checkText(string calldata text, string memory what) private pure {
        uint256 length = bytes(text).length;
        if (length == 0 || length > MAX_TEXT_LENGTH) revert InvalidOrder(what);
    }
}
